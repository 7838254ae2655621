import type { TDerivedArchitecture } from "@forge/spec";
import { formatBytes, formatCount } from "@/lib/format";

export function DerivedFigures({ derived }: { derived: TDerivedArchitecture }) {
  const { parameters } = derived;
  return (
    <div className="grid">
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Parameters</h3>
        <table>
          <tbody>
            <tr>
              <td>Total</td>
              <td className="mono" data-testid="param-total">
                {formatCount(parameters.total)} ({parameters.total.toLocaleString("en-US")})
              </td>
            </tr>
            <tr>
              <td>Active per token</td>
              <td className="mono">{formatCount(parameters.active)}</td>
            </tr>
            <tr>
              <td>Embedding / positional / head</td>
              <td className="mono">
                {formatCount(parameters.embedding)} / {formatCount(parameters.positional)} /{" "}
                {formatCount(parameters.head)}
              </td>
            </tr>
            <tr>
              <td>Training state (fp32 weights, grads, AdamW)</td>
              <td className="mono">{formatBytes(derived.trainingStateBytes)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Per context length</h3>
        <table>
          <thead>
            <tr>
              <th>Context</th>
              <th>Train FLOPs/token</th>
              <th>Activations</th>
              <th>KV cache</th>
              <th>SSM state</th>
            </tr>
          </thead>
          <tbody>
            {derived.memory.map((m, i) => (
              <tr key={m.context}>
                <td className="mono">{m.context}</td>
                <td className="mono">{formatCount(derived.flops[i]?.training ?? 0)}</td>
                <td className="mono">{formatBytes(m.activationBytes)}</td>
                <td className="mono">{formatBytes(m.kvCacheBytes)}</td>
                <td className="mono">{formatBytes(m.ssmStateBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
