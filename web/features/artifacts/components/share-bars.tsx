import type { TShareChange } from "@forge/spec";
import { formatPercent } from "@/lib/format";

/** Before/after bars for mix or licence shares. */
export function ShareBars({ changes, testId }: { changes: TShareChange[]; testId: string }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Name</th>
          <th style={{ width: "40%" }}>Before → after</th>
          <th>Before</th>
          <th>After</th>
          <th>Δ</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.key}>
            <td className="mono">{c.key}</td>
            <td>
              <div
                style={{
                  background: "var(--panel-2)",
                  height: 6,
                  width: `${c.before * 100}%`,
                  marginBottom: 2,
                }}
              />
              <div style={{ background: "var(--accent)", height: 6, width: `${c.after * 100}%` }} />
            </td>
            <td className="mono">{formatPercent(c.before)}</td>
            <td className="mono">{formatPercent(c.after)}</td>
            <td className={`mono ${c.delta > 0 ? "" : ""}`}>
              {c.delta === 0 ? "—" : `${c.delta > 0 ? "+" : ""}${(c.delta * 100).toFixed(1)} pt`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
