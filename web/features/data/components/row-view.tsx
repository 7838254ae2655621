import type { TRowView } from "../server/get-row";

/** A row's full text with its findings marked; React escapes the text, so stored markup stays text. */
export function RowView({ row }: { row: TRowView }) {
  return (
    <div className="stack">
      <table>
        <tbody>
          <tr>
            <th>Document</th>
            <td className="mono">{row.docId}</td>
          </tr>
          <tr>
            <th>Shard</th>
            <td className="mono">
              {row.shard.key} · sha256 {row.shard.hash}
            </td>
          </tr>
          <tr>
            <th>Provenance</th>
            <td className="mono">
              {row.provenance.package}@{row.provenance.version}
            </td>
          </tr>
          {Object.keys(row.meta).length > 0 && (
            <tr>
              <th>Metadata</th>
              <td className="mono">{JSON.stringify(row.meta)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {row.findings.length > 0 && (
        <table data-testid="row-findings">
          <thead>
            <tr>
              <th>Finding</th>
              <th>Span</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {row.findings.map((f, i) => (
              <tr key={i}>
                <td>{f.kind}</td>
                <td className="mono">
                  {f.start}–{f.end}
                </td>
                <td>{f.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <pre
        className="card"
        data-testid="row-text"
        style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}
      >
        {row.segments.map((segment, i) =>
          segment.kinds.length === 0 ? (
            segment.text
          ) : (
            <mark key={i} data-kinds={segment.kinds.join(" ")} title={segment.kinds.join(", ")}>
              {segment.text}
            </mark>
          ),
        )}
      </pre>
    </div>
  );
}
