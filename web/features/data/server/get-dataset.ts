import "server-only";
import { getPrisma } from "@forge/db";
import { datasetCard, datasetStats } from "@forge/core/datasets/json-columns";
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
  const statistics = dataset.stats ? datasetStats.read(dataset.stats.stats) : null;
  return {
    dataset: toDatasetSummary(dataset),
    // An empty object until the first ingest writes the card, as the API has always answered.
    card: datasetCard.readNullable(dataset.card) ?? {},
    shards: dataset.shards.map((s) => ({ key: s.key, hash: s.hash, rows: s.rows, bytes: Number(s.bytes) })),
    statistics,
    audit: statistics?.audit ?? null,
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
