import { type TextDocument } from "../document";
import { type ShardSet, writeShards } from "./shards";
import { type DatasetStatistics, StatisticsAccumulator } from "./statistics";

export interface IngestOptions {
  rowsPerShard: number;
  topTokenCount?: number;
}

export interface IngestResult {
  shardSet: ShardSet;
  statistics: DatasetStatistics;
}

/** Shards and measures documents in a single pass, so a source is read once per ingestion job. */
export function ingestDocuments(documents: Iterable<TextDocument>, options: IngestOptions): IngestResult {
  const statistics = new StatisticsAccumulator();
  function* measured(): Generator<TextDocument> {
    for (const document of documents) {
      statistics.add(document);
      yield document;
    }
  }
  const shardSet = writeShards(measured(), { rowsPerShard: options.rowsPerShard });
  return { shardSet, statistics: statistics.result(options.topTokenCount) };
}
