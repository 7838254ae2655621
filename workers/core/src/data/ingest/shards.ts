import { createHash } from "node:crypto";
import { type TextDocument } from "../document";

export interface Shard {
  /** Content-derived object-store key: identical content always lands on the identical key. */
  key: string;
  /** JSONL, one `{"id","text","meta"}` object a line, UTF-8. */
  bytes: Uint8Array;
  /** sha256 of bytes, hex. */
  hash: string;
  rows: number;
  byteLength: number;
}

export interface ShardSet {
  shards: Shard[];
  /** sha256 over the ordered shard hashes: names the dataset's exact content. */
  contentHash: string;
  rows: number;
  byteLength: number;
}

export interface WriteShardsOptions {
  rowsPerShard: number;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** JSON with object keys sorted, so equal documents serialise to equal bytes whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const utf8 = new TextEncoder();

function sealShard(lines: string[]): Shard {
  const bytes = utf8.encode(lines.join(""));
  const hash = sha256Hex(bytes);
  return { key: `shards/${hash}.jsonl`, bytes, hash, rows: lines.length, byteLength: bytes.byteLength };
}

export function datasetContentHash(shardHashes: readonly string[]): string {
  return sha256Hex(shardHashes.join("\n"));
}

/**
 * Cuts documents, in order, into JSONL shards of `rowsPerShard` rows. Re-ingesting identical documents
 * yields byte-identical shards, keys and content hash, so ingestion is idempotent.
 */
export function writeShards(documents: Iterable<TextDocument>, options: WriteShardsOptions): ShardSet {
  if (!Number.isInteger(options.rowsPerShard) || options.rowsPerShard < 1) {
    throw new Error(`rowsPerShard must be a positive integer, got ${options.rowsPerShard}`);
  }
  const shards: Shard[] = [];
  let pending: string[] = [];
  for (const document of documents) {
    pending.push(`${canonicalJson({ id: document.id, text: document.text, meta: document.meta })}\n`);
    if (pending.length === options.rowsPerShard) {
      shards.push(sealShard(pending));
      pending = [];
    }
  }
  if (pending.length > 0) shards.push(sealShard(pending));
  return {
    shards,
    contentHash: datasetContentHash(shards.map((shard) => shard.hash)),
    rows: shards.reduce((sum, shard) => sum + shard.rows, 0),
    byteLength: shards.reduce((sum, shard) => sum + shard.byteLength, 0),
  };
}

/** Reads a JSONL shard back into documents. */
export function readShard(bytes: Uint8Array): TextDocument[] {
  return new TextDecoder()
    .decode(bytes)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as TextDocument);
}
