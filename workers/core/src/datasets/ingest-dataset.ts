import type { PrismaClient } from "@forge/db";
import { ingestDocuments } from "../data/index";
import { type ObjectStore } from "../storage/index";
import { describeOrigin } from "./dataset-card";
import { readOriginDocuments } from "./dataset-origin";
import { type TProgressSink, createProgressReporter } from "./dataset-progress";
import { datasetCard, datasetOrigin, datasetProgress, datasetStats, dataRowMeta } from "./json-columns";
import { tokenizeDataset } from "./tokenize-dataset";

const ROWS_PER_SHARD = 1000;
const INSERT_BATCH = 1000;

export type TIngestOutcome = { datasetId: string; contentHash: string; unchanged: boolean };

/**
 * Turns a dataset's origin into content-hashed shards in the object store, DataRow rows for the browser,
 * statistics, counts and a card, and encodes it with each of the project's tokenizers.
 *
 * Visibility: the dataset stays INGESTING (hidden from the browser and the mix) until one final transaction
 * writes shards, stats, counts and READY together, so a crash leaves no visible partial dataset.
 * Idempotence: rows are replaced, not appended, so a BullMQ retry starts clean; re-ingesting content whose
 * hash equals the READY dataset's changes nothing.
 */
export async function ingestDataset(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  datasetId: string;
  onProgress?: TProgressSink;
}): Promise<TIngestOutcome> {
  const { prisma, store, datasetId } = options;
  const dataset = await prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
  const origin = datasetOrigin.read(dataset.origin);
  const report = createProgressReporter(prisma, datasetId, options.onProgress);

  // A READY dataset keeps its finished progress unless its content turns out to have changed.
  if (dataset.state !== "READY") await report("reading", 0, 1);
  const documents = await readOriginDocuments(origin, store);
  const { shardSet, statistics } = ingestDocuments(documents, { rowsPerShard: ROWS_PER_SHARD });
  if (dataset.state === "READY" && dataset.contentHash === shardSet.contentHash) {
    return { datasetId, contentHash: shardSet.contentHash, unchanged: true };
  }
  await prisma.dataset.update({ where: { id: datasetId }, data: { state: "INGESTING", error: null } });

  for (const [index, shard] of shardSet.shards.entries()) {
    await report("storing shards", index, shardSet.shards.length);
    if (!(await store.has(shard.key))) await store.put(shard.key, shard.bytes);
  }

  await prisma.$transaction([
    prisma.auditFinding.deleteMany({ where: { datasetId } }),
    prisma.dataRow.deleteMany({ where: { datasetId } }),
  ]);
  const shardKeyOfRow = (ordinal: number) => {
    const shard = shardSet.shards[Math.floor(ordinal / ROWS_PER_SHARD)];
    if (!shard) throw new RangeError(`row ${ordinal} lies past the last shard`);
    return shard.key;
  };
  for (let start = 0; start < documents.length; start += INSERT_BATCH) {
    await report("indexing rows", start, documents.length);
    await prisma.dataRow.createMany({
      data: documents.slice(start, start + INSERT_BATCH).map((document, offset) => ({
        datasetId,
        ordinal: start + offset,
        docId: document.id,
        shardKey: shardKeyOfRow(start + offset),
        text: document.text,
        chars: document.text.length,
        meta: dataRowMeta.write(document.meta),
      })),
    });
  }

  await report("tokenizing", 0, 1);
  const tokenizers = await prisma.tokenizer.findMany({
    where: { projectId: dataset.projectId },
    orderBy: { createdAt: "asc" },
  });
  let tokens = 0;
  for (const tokenizer of tokenizers) {
    const encoded = await tokenizeDataset({
      prisma,
      store,
      datasetId,
      tokenizer,
      contentHash: shardSet.contentHash,
      documents,
    });
    // The card counts tokens with the project's first tokenizer (projects normally have one).
    if (tokenizer === tokenizers[0]) tokens = encoded.tokens;
  }

  const card = datasetCard.write({
    ...describeOrigin(origin, dataset.name),
    counts: { documents: shardSet.rows, bytes: statistics.bytes, tokens },
    shards: shardSet.shards.map((shard) => ({
      key: shard.key,
      hash: shard.hash,
      rows: shard.rows,
      bytes: shard.byteLength,
    })),
  });
  await prisma.$transaction([
    prisma.shard.deleteMany({ where: { datasetId } }),
    prisma.shard.createMany({
      data: shardSet.shards.map((shard) => ({
        datasetId,
        key: shard.key,
        hash: shard.hash,
        rows: shard.rows,
        bytes: BigInt(shard.byteLength),
      })),
    }),
    prisma.datasetStats.upsert({
      where: { datasetId },
      create: { datasetId, stats: datasetStats.write(statistics) },
      update: { stats: datasetStats.write(statistics) },
    }),
    prisma.dataset.update({
      where: { id: datasetId },
      data: {
        state: "READY",
        contentHash: shardSet.contentHash,
        documents: shardSet.rows,
        bytes: BigInt(statistics.bytes),
        tokens: BigInt(tokens),
        auditOnly: card.audit_only,
        card,
        error: null,
        progress: datasetProgress.write({
          phase: "done",
          rows: shardSet.rows,
          totalRows: shardSet.rows,
          percent: 100,
        }),
      },
    }),
  ]);
  return { datasetId, contentHash: shardSet.contentHash, unchanged: false };
}
