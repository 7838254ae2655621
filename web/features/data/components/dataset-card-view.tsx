import { formatBytes, formatCount, shortHash } from "@/lib/format";
import type { TDatasetView } from "../server/get-dataset";

/** The full dataset card: description, licence, provenance, sizes, every shard with its content hash. */
export function DatasetCardView({ view }: { view: TDatasetView }) {
  const { dataset, shards, tokenSets } = view;
  const provenance = dataset.provenance;
  return (
    <div className="stack" data-testid="dataset-card">
      <p>{dataset.description}</p>
      <table>
        <tbody>
          <tr>
            <th>Licence</th>
            <td className="mono" data-testid="card-license">
              {dataset.license ?? "—"}
            </td>
          </tr>
          {provenance && (
            <>
              <tr>
                <th>Provenance</th>
                <td className="mono" data-testid="card-provenance">
                  {provenance.registry} · {provenance.package}@{provenance.version}
                </td>
              </tr>
              <tr>
                <th>Files</th>
                <td className="mono">{provenance.files.join(", ")}</td>
              </tr>
              <tr>
                <th>Collection</th>
                <td>{provenance.extraction}</td>
              </tr>
            </>
          )}
          <tr>
            <th>Size</th>
            <td className="mono">
              {formatCount(dataset.documents)} documents · {formatBytes(dataset.bytes)} ·{" "}
              {formatCount(dataset.tokens)} tokens
            </td>
          </tr>
          <tr>
            <th>Content hash</th>
            <td className="mono">{dataset.contentHash ?? "—"}</td>
          </tr>
          {tokenSets.map((t) => (
            <tr key={t.tokenizer}>
              <th>Tokens ({t.tokenizer})</th>
              <td className="mono">
                {formatCount(t.tokens)} · {t.bytesPerToken.toFixed(2)} bytes/token · {t.key} · tokenizer{" "}
                {shortHash(t.tokenizerHash)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>
          {shards.length} shard{shards.length === 1 ? "" : "s"}
        </summary>
        <table data-testid="shard-list">
          <thead>
            <tr>
              <th>Key</th>
              <th>sha256</th>
              <th>Rows</th>
              <th>Bytes</th>
            </tr>
          </thead>
          <tbody>
            {shards.map((s) => (
              <tr key={s.key}>
                <td className="mono">{s.key}</td>
                <td className="mono">{s.hash}</td>
                <td className="mono">{s.rows}</td>
                <td className="mono">{formatBytes(s.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
