import { formatPercent } from "@/lib/format";
import { getMixAuditDelta } from "../server/get-mix-audit-delta";

const points = (delta: number) =>
  delta === 0 ? "—" : `${delta > 0 ? "+" : ""}${(delta * 100).toFixed(2)} pt`;

/**
 * The data-audit delta of a proposal: licence shares, PII rate and duplicate rate of the mix at base and head,
 * weighted by the mix shares. Mount it with the id of a project the caller may read (the page checked) and the
 * proposal's base/head documents.
 */
export async function MixAuditDelta({
  projectId,
  baseDocs,
  headDocs,
}: {
  projectId: string;
  baseDocs: Record<string, unknown>;
  headDocs: Record<string, unknown>;
}) {
  const { base, head } = await getMixAuditDelta(projectId, baseDocs, headDocs);
  const licenses = [
    ...new Set([...Object.keys(base.licenseShares), ...Object.keys(head.licenseShares)]),
  ].sort();
  const unaudited = [...new Set([...base.unaudited, ...head.unaudited])];
  return (
    <div className="card stack" data-testid="mix-audit-delta">
      <h3 style={{ margin: 0 }}>Data audit of the mix</h3>
      <table>
        <thead>
          <tr>
            <th></th>
            <th>Base</th>
            <th>Head</th>
            <th>Δ</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="mix-pii-rate">
            <td>Documents with PII or secrets</td>
            <td className="mono">{formatPercent(base.piiRate, 2)}</td>
            <td className="mono">{formatPercent(head.piiRate, 2)}</td>
            <td className="mono">{points(head.piiRate - base.piiRate)}</td>
          </tr>
          <tr data-testid="mix-duplicate-rate">
            <td>Duplicate documents</td>
            <td className="mono">{formatPercent(base.duplicateRate, 2)}</td>
            <td className="mono">{formatPercent(head.duplicateRate, 2)}</td>
            <td className="mono">{points(head.duplicateRate - base.duplicateRate)}</td>
          </tr>
          {licenses.map((license) => {
            const before = base.licenseShares[license] ?? 0;
            const after = head.licenseShares[license] ?? 0;
            return (
              <tr key={license}>
                <td>
                  Licence <span className="mono">{license}</span>
                </td>
                <td className="mono">{formatPercent(before)}</td>
                <td className="mono">{formatPercent(after)}</td>
                <td className="mono">{points(after - before)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unaudited.length > 0 && (
        <p className="muted">Not yet audited (left out of the rates): {unaudited.join(", ")}</p>
      )}
    </div>
  );
}
