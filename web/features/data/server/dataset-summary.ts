import "server-only";
import type { Dataset } from "@forge/db";
import { datasetCard, datasetProgress } from "@forge/core/datasets/json-columns";

/** What a dataset looks like to the browser: plain JSON (BigInts as numbers), the card's headline fields. */
export function toDatasetSummary(dataset: Dataset) {
  const card = datasetCard.readNullable(dataset.card);
  return {
    id: dataset.id,
    name: dataset.name,
    state: dataset.state,
    auditOnly: dataset.auditOnly,
    description: card?.description ?? "",
    license: card?.license ?? null,
    domain: card?.domain ?? null,
    provenance: card?.provenance ?? null,
    contentHash: dataset.contentHash,
    documents: dataset.documents,
    bytes: Number(dataset.bytes),
    tokens: Number(dataset.tokens),
    progress: datasetProgress.read(dataset.progress),
    error: dataset.error,
    updatedAt: dataset.updatedAt.toISOString(),
  };
}
export type TDatasetSummary = ReturnType<typeof toDatasetSummary>;
