import type { TDelta, TFieldChange, TLayer, TRevisionDiff } from "@forge/spec";
import { formatBytes, formatCount, formatSigned } from "@/lib/format";
import { ShareBars } from "./share-bars";

const describeLayer = (layer: TLayer) => {
  switch (layer.type) {
    case "attention":
      return `attention h${layer.heads}/kv${layer.kv_heads}${layer.rope ? " rope" : ""}`;
    case "mlp":
      return `mlp ${layer.act} d_ff ${layer.d_ff}`;
    case "mamba2":
      return `mamba2 d_state ${layer.d_state} ×${layer.expand}`;
    case "moe":
      return `moe ${layer.experts}e top${layer.top_k} d_ff ${layer.d_ff}`;
  }
};

const value = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

function DeltaCells({ delta, format }: { delta: TDelta; format: (v: number) => string }) {
  return (
    <>
      <td className="mono">{delta.before === null ? "—" : format(delta.before)}</td>
      <td className="mono">{delta.after === null ? "—" : format(delta.after)}</td>
      <td className="mono">{delta.delta === null ? "—" : formatSigned(delta.delta, format)}</td>
    </>
  );
}

function FieldChanges({ changes }: { changes: TFieldChange[] }) {
  return (
    <table>
      <tbody>
        {changes.map((c) => (
          <tr key={c.pointer}>
            <td className="mono">{c.pointer || "/"}</td>
            <td className="mono">{c.op === "add" ? "—" : value(c.before)}</td>
            <td className="mono">→ {c.op === "remove" ? "—" : value(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Links a changed field to the comment form, anchored to it (only where the page has a thread). */
function CommentLink({ anchor }: { anchor: string }) {
  return (
    <a
      href={`?anchor=${encodeURIComponent(anchor)}#new-comment`}
      className="muted"
      title="Comment on this"
      aria-label={`Comment on ${anchor}`}
    >
      {/* An SVG, not an emoji: servers and CI often have no emoji font. */}
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" style={{ verticalAlign: "-2px" }}>
        <path
          fill="currentColor"
          d="M2 2.5A1.5 1.5 0 0 1 3.5 1h9A1.5 1.5 0 0 1 14 2.5v7a1.5 1.5 0 0 1-1.5 1.5H7l-3.5 3v-3h0A1.5 1.5 0 0 1 2 9.5z"
        />
      </svg>
    </a>
  );
}

/** The typed diff a reviewer reads before anything runs. */
export function DiffView({ diff, commentable = false }: { diff: TRevisionDiff; commentable?: boolean }) {
  if (diff.artifacts.length === 0) return <p className="muted">No changes against the base.</p>;
  const arch = diff.architecture;
  return (
    <div className="stack" data-testid="diff">
      <p className="muted">Changed: {diff.artifacts.map((a) => `${a.path} (${a.status})`).join(", ")}</p>
      {arch && (arch.layers.length > 0 || arch.fields.length > 0) && (
        <div className="card">
          <h3 style={{ marginTop: 0 }}>Architecture</h3>
          {arch.layers.length > 0 && (
            <table data-testid="layer-changes">
              <thead>
                <tr>
                  <th>Layer</th>
                  <th>Change</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {arch.layers.map((change) => (
                  <tr key={change.index}>
                    <td className="mono">
                      layers[{change.index}]{" "}
                      {commentable && <CommentLink anchor={`architecture.yaml#/layers/${change.index}`} />}
                    </td>
                    <td>
                      <span className={`badge ${change.status === "removed" ? "bad" : "accent"}`}>
                        {change.status.replace("_", " ")}
                      </span>
                    </td>
                    <td className="mono">
                      {"before" in change
                        ? describeLayer(change.before)
                        : change.status === "changed"
                          ? change.type
                          : "—"}
                    </td>
                    <td className="mono">
                      {"after" in change
                        ? describeLayer(change.after)
                        : change.status === "changed"
                          ? change.fields
                              .map(
                                (f) =>
                                  `${f.pointer.split("/").pop()}: ${"after" in f ? value(f.after) : "—"}`,
                              )
                              .join(", ")
                          : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {arch.fields.length > 0 && <FieldChanges changes={arch.fields} />}
          <h4>Derived figures</h4>
          <table data-testid="derived-deltas">
            <thead>
              <tr>
                <th>Figure</th>
                <th>Before</th>
                <th>After</th>
                <th>Δ</th>
              </tr>
            </thead>
            <tbody>
              <tr data-testid="param-delta">
                <td>Parameters</td>
                <DeltaCells delta={arch.parameters.total} format={formatCount} />
              </tr>
              <tr>
                <td>Active parameters</td>
                <DeltaCells delta={arch.parameters.active} format={formatCount} />
              </tr>
              {arch.flops.map((f) => (
                <tr key={`flops-${f.context}`}>
                  <td>Training FLOPs/token @ {f.context}</td>
                  <DeltaCells delta={f.training} format={formatCount} />
                </tr>
              ))}
              {arch.memory.map((m) => (
                <tr key={`mem-${m.context}`}>
                  <td>Activations + KV + SSM state @ {m.context}</td>
                  <DeltaCells
                    delta={sumDeltas([m.activationBytes, m.kvCacheBytes, m.ssmStateBytes])}
                    format={formatBytes}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {diff.mix && diff.mix.some((c) => c.delta !== 0) && (
        <div className="card">
          <h3 style={{ marginTop: 0 }}>Data mix</h3>
          <ShareBars changes={diff.mix} testId="mix-shares" />
          {diff.licenses && (
            <>
              <h4>Licence shares</h4>
              <ShareBars changes={diff.licenses} testId="licence-shares" />
            </>
          )}
        </div>
      )}
      {diff.artifacts
        .filter((a) => a.path !== "architecture.yaml" && a.path !== "datamix.yaml")
        .map((a) => (
          <div className="card" key={a.path}>
            <h3 style={{ marginTop: 0 }} className="mono">
              {a.path} <span className="badge">{a.status}</span>
            </h3>
            <FieldChanges changes={a.fields} />
          </div>
        ))}
    </div>
  );
}

function sumDeltas(deltas: TDelta[]): TDelta {
  const sum = (pick: (d: TDelta) => number | null) => {
    let total = 0;
    for (const d of deltas) {
      const value = pick(d);
      if (value === null) return null;
      total += value;
    }
    return total;
  };
  return { before: sum((d) => d.before), after: sum((d) => d.after), delta: sum((d) => d.delta) };
}
