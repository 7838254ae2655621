// The datasets' JSON columns: what each holds, and its codec, through which every write and read goes (see
// jsonColumn in @forge/db).
import { jsonColumn } from "@forge/db";
import { ZDatasetCard } from "@forge/spec";
import { z } from "zod";
import { FINDING_KINDS, ZDatasetStatistics, ZDocumentMeta } from "../data/index";
import { ZDatasetOrigin } from "./dataset-origin";

/** The dataset card an ingest writes; null before the first ingest. */
export const datasetCard = jsonColumn("Dataset.card", ZDatasetCard);

export const datasetOrigin = jsonColumn("Dataset.origin", ZDatasetOrigin);

export const DATASET_PHASES = [
  "reading",
  "storing shards",
  "indexing rows",
  "tokenizing",
  "auditing",
  "done",
] as const;
export type TDatasetPhase = (typeof DATASET_PHASES)[number];
/** How far an ingest or audit job is through its current phase. */
export const ZDatasetProgress = z.object({
  phase: z.enum(DATASET_PHASES),
  rows: z.number(),
  totalRows: z.number(),
  percent: z.number(),
});
export type TDatasetProgress = z.output<typeof ZDatasetProgress>;
/** Empty for a new dataset, `{ phase: "queued" }` once the web queued its job, then the job's progress. */
export const datasetProgress = jsonColumn(
  "Dataset.progress",
  ZDatasetProgress.extend({ phase: z.enum(["queued", ...DATASET_PHASES]) }).partial(),
);

const perKind = z.record(z.enum(FINDING_KINDS), z.number());
/** What the audit found, for the dataset page and the mix delta (of the content the hash names). */
export const ZAuditSummary = z.object({
  contentHash: z.string(),
  documents: z.number(),
  counts: perKind,
  documentsWithFinding: perKind,
  rates: perKind,
  /** Documents with any personal data or secret finding (email, phone, IP, card number, secret). */
  piiDocuments: z.number(),
  /** Documents that repeat an earlier one exactly or nearly. */
  duplicateDocuments: z.number(),
});
export type TAuditSummary = z.output<typeof ZAuditSummary>;

/** The ingest's statistics, with the audit's summary once the dataset has been audited. */
export const datasetStats = jsonColumn(
  "DatasetStats.stats",
  ZDatasetStatistics.extend({ audit: ZAuditSummary.optional() }),
);

export const dataRowMeta = jsonColumn("DataRow.meta", ZDocumentMeta);

/** What a tokenizer was trained on: each dataset's content hash at the time, and the sample size. */
export const tokenizerTrainedOn = jsonColumn(
  "Tokenizer.trainedOn",
  z.object({ datasets: z.record(z.string(), z.string().nullable()), sampleBytes: z.number() }),
);
