import "server-only";
import { getPrisma } from "@forge/db";
import { datasetCard, datasetStats } from "@forge/core/datasets/json-columns";

type TDocs = Record<string, unknown>;

export type TMixAudit = {
  /** Licence (SPDX expression) → share of the mix. */
  licenseShares: Record<string, number>;
  /** Mix-weighted share of documents with a personal-data or secret finding. */
  piiRate: number;
  /** Mix-weighted share of documents that duplicate another (exactly or nearly). */
  duplicateRate: number;
  /** Sources whose dataset is missing or not yet audited: their share is left out of the rates. */
  unaudited: string[];
};

function mixSources(docs: TDocs): Record<string, number> {
  const mix = docs["datamix.yaml"] as { sources?: Record<string, number> } | undefined;
  return mix?.sources ?? {};
}

/**
 * Licence shares, PII rate and duplicate rate of a revision's data mix before and after a change. Rates are
 * weighted by the mix shares: a source at 30% with 2% of documents flagged adds 0.6 points.
 */
export async function getMixAuditDelta(projectId: string, baseDocs: TDocs, headDocs: TDocs) {
  const names = [...new Set([...Object.keys(mixSources(baseDocs)), ...Object.keys(mixSources(headDocs))])];
  const datasets = await getPrisma().dataset.findMany({
    where: { projectId, name: { in: names }, state: "READY" },
    include: { stats: true },
  });
  const byName = new Map(datasets.map((d) => [d.name, d]));

  const measure = (docs: TDocs): TMixAudit => {
    const result: TMixAudit = { licenseShares: {}, piiRate: 0, duplicateRate: 0, unaudited: [] };
    let auditedShare = 0;
    for (const [name, share] of Object.entries(mixSources(docs))) {
      if (share <= 0) continue;
      const dataset = byName.get(name);
      const license = (dataset && datasetCard.readNullable(dataset.card)?.license) ?? "unknown";
      result.licenseShares[license] = (result.licenseShares[license] ?? 0) + share;
      const audit = dataset?.stats && datasetStats.read(dataset.stats.stats).audit;
      if (!dataset || !audit || audit.contentHash !== dataset.contentHash || audit.documents === 0) {
        result.unaudited.push(name);
        continue;
      }
      auditedShare += share;
      result.piiRate += share * (audit.piiDocuments / audit.documents);
      result.duplicateRate += share * (audit.duplicateDocuments / audit.documents);
    }
    // Rates describe the audited part of the mix, renormalised to its share.
    if (auditedShare > 0) {
      result.piiRate /= auditedShare;
      result.duplicateRate /= auditedShare;
    }
    return result;
  };
  return { base: measure(baseDocs), head: measure(headDocs) };
}
export type TMixAuditDelta = Awaited<ReturnType<typeof getMixAuditDelta>>;
