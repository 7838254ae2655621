import type { PrismaClient, Tokenizer } from "@forge/db";
import { type TextDocument, encodeShard, sha256Hex, writeTokenShard } from "../data/index";
import { type ObjectStore } from "../storage/index";
import { datasetCard } from "./json-columns";
import { readTokenizerArtifact } from "./tokenizer-artifact";

export const tokenShardKey = (hash: string) => `tokens/${hash}.ftok`;

/**
 * Encodes a dataset's documents (in row order, each followed by <|endoftext|>) into one FTOK token shard,
 * stored under its content hash, and records it as the dataset's DatasetTokens for that tokenizer.
 */
export async function tokenizeDataset(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  datasetId: string;
  tokenizer: Tokenizer;
  contentHash: string;
  documents: readonly TextDocument[];
}): Promise<{ tokens: number; key: string }> {
  const { prisma, store, tokenizer: row } = options;
  const tokenizer = await readTokenizerArtifact(store, row);
  const encoded = encodeShard(tokenizer, options.documents);
  const bytes = writeTokenShard(encoded.tokens);
  const hash = sha256Hex(bytes);
  const key = tokenShardKey(hash);
  if (!(await store.has(key))) await store.put(key, bytes);
  const data = {
    contentHash: options.contentHash,
    key,
    hash,
    tokens: BigInt(encoded.tokens.length),
    documents: encoded.documents,
    textBytes: BigInt(encoded.textBytes),
  };
  await prisma.datasetTokens.upsert({
    where: { datasetId_tokenizerId: { datasetId: options.datasetId, tokenizerId: row.id } },
    create: { datasetId: options.datasetId, tokenizerId: row.id, ...data },
    update: data,
  });
  return { tokens: encoded.tokens.length, key };
}

/**
 * Encodes an already ingested dataset with a tokenizer trained after it (the seed trains the tokenizer on the
 * ingested data). Reads the rows back in order; a token shard for the current content is kept as it is.
 * The card's token count follows the project's first tokenizer.
 */
export async function tokenizeIngestedDataset(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  datasetId: string;
  tokenizer: Tokenizer;
}): Promise<void> {
  const { prisma, datasetId, tokenizer } = options;
  const dataset = await prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
  if (dataset.state !== "READY" || !dataset.contentHash)
    throw new Error(`dataset ${dataset.name} is not READY`);
  const existing = await prisma.datasetTokens.findUnique({
    where: { datasetId_tokenizerId: { datasetId, tokenizerId: tokenizer.id } },
  });
  if (existing?.contentHash === dataset.contentHash) return;
  const rows = await prisma.dataRow.findMany({
    where: { datasetId },
    orderBy: { ordinal: "asc" },
    select: { docId: true, text: true },
  });
  const { tokens } = await tokenizeDataset({
    ...options,
    contentHash: dataset.contentHash,
    documents: rows.map((row) => ({ id: row.docId, text: row.text, meta: {} })),
  });
  const first = await prisma.tokenizer.findFirst({
    where: { projectId: dataset.projectId },
    orderBy: { createdAt: "asc" },
  });
  if (first?.id !== tokenizer.id) return;
  // A READY dataset has its card: the ingest writes it in the transaction that makes it READY.
  const card = datasetCard.read(dataset.card);
  await prisma.dataset.update({
    where: { id: datasetId },
    data: {
      tokens: BigInt(tokens),
      card: datasetCard.write({ ...card, counts: { ...card.counts, tokens } }),
    },
  });
}
