import "server-only";
import type { Dataset } from "@forge/db";

type TCardJson = {
  description?: string;
  license?: string;
  domain?: string;
  provenance?: {
    package?: string;
    version?: string;
    registry?: string;
    files?: string[];
    extraction?: string;
  };
  shards?: { key: string; hash: string; rows: number; bytes: number }[];
};

export type TDatasetProgress = { phase: string; rows: number; totalRows: number; percent: number };

/** What a dataset looks like to the browser: plain JSON (BigInts as numbers), the card's headline fields. */
export function toDatasetSummary(dataset: Dataset) {
  const card = dataset.card as TCardJson;
  return {
    id: dataset.id,
    name: dataset.name,
    state: dataset.state,
    auditOnly: dataset.auditOnly,
    description: card.description ?? "",
    license: card.license ?? null,
    domain: card.domain ?? null,
    provenance: card.provenance ?? null,
    contentHash: dataset.contentHash,
    documents: dataset.documents,
    bytes: Number(dataset.bytes),
    tokens: Number(dataset.tokens),
    progress: dataset.progress as Partial<TDatasetProgress>,
    error: dataset.error,
    updatedAt: dataset.updatedAt.toISOString(),
  };
}
export type TDatasetSummary = ReturnType<typeof toDatasetSummary>;
