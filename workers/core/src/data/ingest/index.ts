export { IngestError, type JsonlOptions, parseJsonl, parseJsonlLine, readJsonlFile } from "./jsonl";
export { parsePlainText, readPlainTextFile } from "./plain-text";
export { type ParquetOptions, parseParquet, readParquetFile } from "./parquet";
export {
  type Shard,
  type ShardSet,
  type WriteShardsOptions,
  canonicalJson,
  datasetContentHash,
  readShard,
  sha256Hex,
  writeShards,
} from "./shards";
export { type IngestOptions, type IngestResult, ingestDocuments } from "./ingest-documents";
export { type LanguageGuess, dominantScript, guessLanguage } from "./language";
export {
  type DatasetStatistics,
  type LengthBucket,
  type TokenCount,
  StatisticsAccumulator,
  ZDatasetStatistics,
  computeStatistics,
} from "./statistics";
