import type { TCheckResults } from "@forge/core/experiments/results";
import { formatBytes, formatCount } from "@/lib/format";

const num = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
const signed = (x: number) => (x > 0 ? "+" : "") + x.toPrecision(3);

export function CheckResults({ results }: { results: TCheckResults }) {
  return (
    <div className="stack" data-testid="check-results">
      <p>
        <strong>{results.verdict === "PASS" ? "Passed" : "Failed"}</strong>: {results.reason}.
      </p>
      {results.metrics.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Metric</th>
              <th>Base</th>
              <th>Head</th>
              <th>Δ</th>
              <th>95% CI</th>
              <th>p</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {results.metrics.map((m) => (
              <tr key={m.name}>
                <td className="mono">
                  {m.name}{" "}
                  <span className="muted">
                    {m.unit}, {m.direction} is better
                  </span>
                </td>
                <td>{num(m.base)}</td>
                <td>{num(m.head)}</td>
                <td>{signed(m.delta)}</td>
                <td>{m.ci95 ? `[${signed(m.ci95[0])}, ${signed(m.ci95[1])}]` : "n/a"}</td>
                <td>{m.pValue === null ? "n/a" : m.pValue.toFixed(4)}</td>
                <td>{m.verdict}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results.tasks && results.tasks.length > 0 && (
        <p className="muted" data-testid="check-tasks">
          Eval tasks (multiple choice; accuracy is the share of items where the model finds the right answer
          most likely, <span className="mono">task_accuracy</span> the mean over tasks):{" "}
          {results.tasks.map((t) => `${t.name} (${t.items} items)`).join(", ")}.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th></th>
            <th>Parameters</th>
            <th>FLOPs/token</th>
            <th>Tokens/s</th>
            <th>GPU-seconds</th>
            <th>Peak memory</th>
          </tr>
        </thead>
        <tbody>
          {(["base", "head"] as const).map((side) => (
            <tr key={side}>
              <td>{side}</td>
              <td>{formatCount(results.model[side].parameters)}</td>
              <td>{formatCount(results.model[side].flopsPerToken)}</td>
              <td>{formatCount(results.cost[side].tokensPerSecond)}</td>
              <td>{results.cost[side].gpuSeconds.toFixed(1)}</td>
              <td>{formatBytes(results.cost[side].peakBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
