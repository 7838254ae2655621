import Link from "next/link";
import type { TAuditSummary } from "@forge/core/datasets/json-columns";
import { formatPercent } from "@/lib/format";

/** Findings per kind with counts and the share of documents affected, links to the rows, report downloads. */
export function AuditSummaryView({
  slug,
  name,
  audit,
}: {
  slug: string;
  name: string;
  audit: TAuditSummary;
}) {
  const kinds = Object.keys(audit.counts) as (keyof TAuditSummary["counts"])[];
  const reportUrl = `/api/projects/${slug}/datasets/${name}/report`;
  return (
    <div className="stack" data-testid="audit-summary">
      <table>
        <thead>
          <tr>
            <th>Finding</th>
            <th>Findings</th>
            <th>Documents</th>
            <th>Rate</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => (
            <tr key={kind} data-testid={`audit-kind-${kind}`}>
              <td>
                {audit.counts[kind] > 0 ? (
                  <Link href={`/projects/${slug}/data/browse?dataset=${name}&kind=${kind}`}>{kind}</Link>
                ) : (
                  kind
                )}
              </td>
              <td className="mono">{audit.counts[kind]}</td>
              <td className="mono">{audit.documentsWithFinding[kind]}</td>
              <td className="mono">{formatPercent(audit.rates[kind], 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <a className="button" href={`${reportUrl}?format=json`} download data-testid="export-json">
          Export report (JSON)
        </a>
        <a className="button" href={`${reportUrl}?format=csv`} download data-testid="export-csv">
          Export report (CSV)
        </a>
      </div>
    </div>
  );
}
