import Link from "next/link";
import { formatBytes, formatCount } from "@/lib/format";
import type { TDatasetSummary } from "../server/dataset-summary";
import { DatasetStateBadge } from "./dataset-state-badge";

export function DatasetList({ slug, datasets }: { slug: string; datasets: TDatasetSummary[] }) {
  return (
    <table data-testid="dataset-list">
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Licence</th>
          <th>Provenance</th>
          <th>Documents</th>
          <th>Bytes</th>
          <th>Tokens</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => (
          <tr key={d.id} data-testid={`dataset-row-${d.name}`}>
            <td>
              <Link href={`/projects/${slug}/data/${d.name}`} className="mono">
                {d.name}
              </Link>
              {d.auditOnly && <span className="badge bad"> audit only</span>}
              <div className="muted">{d.domain}</div>
            </td>
            <td className="mono">{d.license ?? "—"}</td>
            <td className="mono">
              {d.provenance ? `${d.provenance.package}@${d.provenance.version}` : "—"}
              {d.provenance?.registry && <div className="muted">{d.provenance.registry}</div>}
            </td>
            <td className="mono">{formatCount(d.documents)}</td>
            <td className="mono">{formatBytes(d.bytes)}</td>
            <td className="mono">{formatCount(d.tokens)}</td>
            <td>
              <DatasetStateBadge dataset={d} />
              {d.error && <div className="error">{d.error}</div>}
            </td>
          </tr>
        ))}
        {datasets.length === 0 && (
          <tr>
            <td className="muted" colSpan={7}>
              No datasets yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
