import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { type TextDocument, makeDocument, normalizeText } from "../document";
import { ingestDocuments } from "./ingest-documents";
import { IngestError, parseJsonl, readJsonlFile } from "./jsonl";
import { parseParquet, readParquetFile } from "./parquet";
import { parsePlainText, readPlainTextFile } from "./plain-text";
import { canonicalJson, readShard, writeShards } from "./shards";

const scratch = mkdtempSync(join(tmpdir(), "forge-ingest-"));

describe("normalizeText", () => {
  it("composes to NFC, unifies newlines, strips the BOM and trims", () => {
    expect(normalizeText("\uFEFF  cafe\u0301\r\nline\rnext\u2028end  \n")).toBe("café\nline\nnext\nend");
    expect(makeDocument("x", " \n\t ")).toBeUndefined();
  });
});

describe("JSONL", () => {
  it("reads text, ids and scalar meta, skipping blank lines", () => {
    const content =
      '{"text":"  first\\r\\ndoc ","source":"a","n":1,"nested":{"x":1}}\n\n{"id":"b-2","text":"second"}\n';
    const documents = [...parseJsonl(content, "in.jsonl")];
    expect(documents).toEqual([
      { id: "in.jsonl:1", text: "first\ndoc", meta: { source: "a", n: 1 } },
      { id: "in.jsonl:3", text: "second", meta: { id: "b-2" } },
    ]);
  });

  it("takes ids from idField and insists every line has one", () => {
    const withIds = '{"id":"a-1","text":"one"}\n{"id":7,"text":"two"}';
    expect([...parseJsonl(withIds, "in.jsonl", { idField: "id" })].map((d) => d.id)).toEqual(["a-1", "7"]);
    expect(() => [...parseJsonl('{"id":"a"}\n{"text":"no id"}', "in.jsonl", { idField: "id" })]).toThrow(
      'in.jsonl:1: field "text" must be a string',
    );
    expect(() => [...parseJsonl('{"text":"no id"}', "in.jsonl", { idField: "id" })]).toThrow(
      'in.jsonl:1: field "id" must be a string or number',
    );
  });

  it("names file and line of a malformed line", () => {
    const content = '{"text":"ok"}\n{"text":"ok too"}\n{"text": "broken\n';
    expect(() => [...parseJsonl(content, "data.jsonl")]).toThrow(/^data\.jsonl:3: invalid JSON/);
    expect(() => [...parseJsonl('{"text":1}', "n.jsonl")]).toThrow(
      'n.jsonl:1: field "text" must be a string',
    );
    expect(() => [...parseJsonl("[1,2]", "a.jsonl")]).toThrow("a.jsonl:1: expected a JSON object");
  });

  it("streams files and reports the failing line as an IngestError", async () => {
    const path = join(scratch, "stream.jsonl");
    writeFileSync(path, '{"text":"one"}\r\n{"text":"two"}\n{oops}\n');
    const seen: string[] = [];
    const reading = (async () => {
      for await (const document of readJsonlFile(path)) seen.push(document.text);
    })();
    await expect(reading).rejects.toThrow(/^stream\.jsonl:3: invalid JSON/);
    await expect(reading).rejects.toBeInstanceOf(IngestError);
    expect(seen).toEqual(["one", "two"]);
  });
});

describe("plain text", () => {
  it("splits on blank-line runs (including whitespace-only lines) and form feeds", async () => {
    const content = "first para\nstill first\r\n\r\n  \t\n\nsecond\fthird\n\n\n";
    expect([...parsePlainText(content, "t.txt")].map((d) => [d.id, d.text])).toEqual([
      ["t.txt#0", "first para\nstill first"],
      ["t.txt#1", "second"],
      ["t.txt#2", "third"],
    ]);
    const path = join(scratch, "doc.txt");
    writeFileSync(path, content);
    expect((await readPlainTextFile(path)).map((d) => d.id)).toEqual(["doc.txt#0", "doc.txt#1", "doc.txt#2"]);
  });
});

describe("Parquet", () => {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "text", data: ["alpha\r\nbeta", "  ", "gamma"], type: "STRING" },
      { name: "doc_id", data: ["a", "b", "c"], type: "STRING" },
      { name: "score", data: [1, 2, 3], type: "INT32" },
    ],
  });

  it("reads the text column, ids and meta columns", async () => {
    const documents = await parseParquet(buffer, "t.parquet", { idField: "doc_id", metaFields: ["score"] });
    expect(documents).toEqual([
      { id: "a", text: "alpha\nbeta", meta: { score: 1 } },
      { id: "c", text: "gamma", meta: { score: 3 } },
    ]);
  });

  it("reads a file from disk and rejects a non-string text column", async () => {
    const path = join(scratch, "t.parquet");
    writeFileSync(path, new Uint8Array(buffer));
    expect((await readParquetFile(path)).map((d) => d.id)).toEqual(["t.parquet@0", "t.parquet@2"]);
    await expect(parseParquet(buffer, "t.parquet", { textField: "score" })).rejects.toThrow(
      't.parquet: row 0: column "score" must be a string',
    );
  });
});

describe("shards", () => {
  const documents: TextDocument[] = Array.from({ length: 25 }, (_, i) => ({
    id: `doc-${i}`,
    text: `Document ${i} — ünïcödé ${"x".repeat(i)}`,
    meta: { index: i, source: "test" },
  }));

  it("cuts rowsPerShard rows into JSONL shards that read back", () => {
    const set = writeShards(documents, { rowsPerShard: 10 });
    expect(set.shards.map((shard) => shard.rows)).toEqual([10, 10, 5]);
    expect(set.rows).toBe(25);
    expect(set.byteLength).toBe(set.shards.reduce((sum, shard) => sum + shard.bytes.byteLength, 0));
    expect(set.shards.flatMap((shard) => readShard(shard.bytes))).toEqual(documents);
    for (const shard of set.shards) {
      expect(shard.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(shard.key).toBe(`shards/${shard.hash}.jsonl`);
    }
  });

  it("is idempotent: identical content gives identical keys and hashes whatever the meta key order", () => {
    const first = writeShards(documents, { rowsPerShard: 10 });
    const reordered = documents.map((d) => ({
      ...d,
      meta: { source: d.meta.source as string, index: d.meta.index as number },
    }));
    const second = writeShards(reordered, { rowsPerShard: 10 });
    expect(second.contentHash).toBe(first.contentHash);
    expect(second.shards.map((s) => s.key)).toEqual(first.shards.map((s) => s.key));
  });

  it("changes the content hash when one character changes", () => {
    const edited = documents.map((d, i) => (i === 17 ? { ...d, text: `${d.text}!` } : d));
    const original = writeShards(documents, { rowsPerShard: 10 });
    const changed = writeShards(edited, { rowsPerShard: 10 });
    expect(changed.contentHash).not.toBe(original.contentHash);
    expect(changed.shards[0]?.hash).toBe(original.shards[0]?.hash);
    expect(changed.shards[1]?.hash).not.toBe(original.shards[1]?.hash);
  });

  it("ingests in one pass: the same shards as writeShards plus statistics", () => {
    const { shardSet, statistics } = ingestDocuments(documents, { rowsPerShard: 10 });
    expect(shardSet.contentHash).toBe(writeShards(documents, { rowsPerShard: 10 }).contentHash);
    expect(statistics.documents).toBe(25);
    expect(statistics.bytes).toBe(documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0));
  });

  it("rejects a non-positive shard size and serialises canonically", () => {
    expect(() => writeShards(documents, { rowsPerShard: 0 })).toThrow(/positive integer/);
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
  });
});
