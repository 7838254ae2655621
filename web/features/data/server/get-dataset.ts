import "server-only";
import { getPrisma } from "@forge/db";
import type { DatasetStatistics } from "@forge/core/data";
import type { TAuditSummary } from "@forge/core/datasets/audit-dataset";
import { notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { toDatasetSummary } from "./dataset-summary";

/** The dataset page: summary, full card, shards with hashes, statistics, audit counts and rates, token sets. */
export async function getDataset(options: { access: TProjectAccess; name: string }) {
  const dataset = await getPrisma().dataset.findUnique({
    where: { projectId_name: { projectId: options.access.projectId, name: options.name } },
    include: {
      stats: true,
      shards: { orderBy: { key: "asc" } },
      tokenSets: { include: { tokenizer: { select: { name: true, hash: true, vocabSize: true } } } },
    },
  });
  if (!dataset) throw notFound(`Dataset '${options.name}'`);
  const stats = (dataset.stats?.stats ?? null) as
    (Partial<DatasetStatistics> & { audit?: TAuditSummary }) | null;
  return {
    dataset: toDatasetSummary(dataset),
    card: dataset.card,
    shards: dataset.shards.map((s) => ({ key: s.key, hash: s.hash, rows: s.rows, bytes: Number(s.bytes) })),
    statistics: stats && stats.documents !== undefined ? (stats as DatasetStatistics) : null,
    audit: stats?.audit ?? null,
    tokenSets: dataset.tokenSets.map((t) => ({
      tokenizer: t.tokenizer.name,
      tokenizerHash: t.tokenizer.hash,
      vocabSize: t.tokenizer.vocabSize,
      key: t.key,
      hash: t.hash,
      tokens: Number(t.tokens),
      bytesPerToken: Number(t.textBytes) / Math.max(1, Number(t.tokens)),
    })),
  };
}
export type TDatasetView = Awaited<ReturnType<typeof getDataset>>;
