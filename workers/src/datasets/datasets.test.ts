// Ingest, audit, tokenizer and token loading against a real PostgreSQL (DATABASE_URL) and a filesystem store.
// Each test works in its own project, so runs never collide and nothing is truncated.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismaClient, createPrismaClient } from "@forge/db";
import { IngestError, readShard, readTokenShard } from "@forge/core/data";
import { FilesystemObjectStore } from "@forge/core/storage";
import { auditDataset } from "@forge/core/datasets/audit-dataset";
import { isMalformedInput } from "@forge/core/datasets/dataset-origin";
import { ingestDataset } from "@forge/core/datasets/ingest-dataset";
import { datasetCard, datasetOrigin } from "@forge/core/datasets/json-columns";
import { loadMixTokens } from "./load-tokens";
import { tokenizeIngestedDataset } from "@forge/core/datasets/tokenize-dataset";
import { trainProjectTokenizer } from "@forge/core/datasets/train-project-tokenizer";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at PostgreSQL for these tests");

let prisma: PrismaClient;
let store: FilesystemObjectStore;
const encode = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
  prisma = createPrismaClient(url);
  store = new FilesystemObjectStore(await mkdtemp(join(tmpdir(), "forge-datasets-")));
});
afterAll(() => prisma.$disconnect());

async function createProject() {
  const slug = `data-${randomBytes(4).toString("hex")}`;
  return prisma.project.create({ data: { slug, name: slug } });
}

async function uploadDataset(projectId: string, name: string, fileName: string, content: string) {
  const key = `uploads/${name}-${randomBytes(4).toString("hex")}`;
  await store.put(key, encode(content));
  const origin = datasetOrigin.write({
    kind: "upload",
    key,
    format: fileName.endsWith(".jsonl") ? "jsonl" : "text",
    fileName,
    sha256: "0".repeat(64),
    license: "CC0-1.0",
    description: "test upload",
  });
  return prisma.dataset.create({ data: { projectId, name, origin } });
}

const contacts = [
  { text: "Write to ada@example.org about the whale chapters and the harpoon trade." },
  { text: "The ship sailed at dawn; the sea was calm and the crew sang old songs." },
  { text: "Call +1 415 555 0100 or mail grace@example.com for the logbook scans." },
  { text: "The ship sailed at dawn; the sea was calm and the crew sang old songs." },
];
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join("\n");

describe("ingestDataset", () => {
  it("writes shards, rows, stats and a valid card, and re-ingesting the same content is a no-op", async () => {
    const project = await createProject();
    const dataset = await uploadDataset(project.id, "contacts", "contacts.jsonl", jsonl(contacts));
    const progress: string[] = [];
    const first = await ingestDataset({
      prisma,
      store,
      datasetId: dataset.id,
      onProgress: (p) => void progress.push(p.phase),
    });
    expect(first.unchanged).toBe(false);
    expect(progress).toContain("indexing rows");

    const ready = await prisma.dataset.findUniqueOrThrow({
      where: { id: dataset.id },
      include: { shards: true, stats: true },
    });
    expect(ready.state).toBe("READY");
    expect(ready.documents).toBe(4);
    expect(ready.contentHash).toBe(first.contentHash);
    const card = datasetCard.read(ready.card);
    expect(card.provenance.registry).toBe("upload");
    expect(card.shards.map((s) => s.hash)).toEqual(ready.shards.map((s) => s.hash));
    const shardDocuments = readShard(await store.get(ready.shards[0]!.key));
    expect(shardDocuments[0]!.id).toBe("contacts.jsonl:1");
    const rows = await prisma.dataRow.findMany({
      where: { datasetId: dataset.id },
      orderBy: { ordinal: "asc" },
    });
    expect(rows.map((r) => r.docId)).toEqual([
      "contacts.jsonl:1",
      "contacts.jsonl:2",
      "contacts.jsonl:3",
      "contacts.jsonl:4",
    ]);

    const again = await ingestDataset({ prisma, store, datasetId: dataset.id });
    expect(again).toEqual({ ...first, unchanged: true });
    expect(await prisma.dataRow.count({ where: { datasetId: dataset.id } })).toBe(4);
    const unchanged = await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect(unchanged.progress).toMatchObject({ phase: "done", percent: 100 });
  });

  it("rejects malformed JSONL with file:line and leaves the dataset hidden", async () => {
    const project = await createProject();
    const dataset = await uploadDataset(
      project.id,
      "broken",
      "broken.jsonl",
      `${JSON.stringify({ text: "fine" })}\n{"text": "unterminated\n`,
    );
    const failure = ingestDataset({ prisma, store, datasetId: dataset.id });
    await expect(failure).rejects.toBeInstanceOf(IngestError);
    await expect(failure).rejects.toThrow(/^broken\.jsonl:2: invalid JSON/);
    const row = await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect(row.state).toBe("INGESTING");
    expect(await prisma.dataRow.count({ where: { datasetId: dataset.id } })).toBe(0);
  });
});

describe("ingestDataset refuses what PostgreSQL cannot store", () => {
  it("names the line of a NUL character, and indexes a huge document of distinct words", async () => {
    const project = await createProject();
    const utf16 = await uploadDataset(project.id, "utf16", "notes.txt", "first line\nsec\u0000ond");
    await expect(ingestDataset({ prisma, store, datasetId: utf16.id })).rejects.toThrow(
      /^notes\.txt:2: contains a NUL character \(U\+0000\)/,
    );
    const escaped = await uploadDataset(
      project.id,
      "escaped",
      "rows.jsonl",
      jsonl([{ text: "fine" }, { text: "ok", note: "a\u0000b" }]),
    );
    const failure = ingestDataset({ prisma, store, datasetId: escaped.id });
    await expect(failure).rejects.toThrow('document "rows.jsonl:2": note contains a NUL character (U+0000)');
    await expect(failure).rejects.toSatisfy(isMalformedInput);

    // One document of ~20,000 distinct hashes: its full tsvector would exceed PostgreSQL's 1 MB limit.
    const hashes = Array.from({ length: 20_000 }, (_, i) =>
      createHash("sha256").update(String(i)).digest("hex"),
    );
    const huge = await uploadDataset(project.id, "hashes", "hashes.txt", hashes.join("\n"));
    await ingestDataset({ prisma, store, datasetId: huge.id });
    expect(await prisma.dataRow.count({ where: { datasetId: huge.id } })).toBe(1);
  }, 60_000);
});

describe("auditDataset", () => {
  it("stores findings with spans, flags rows and keeps per-kind counts and rates", async () => {
    const project = await createProject();
    const dataset = await uploadDataset(project.id, "contacts", "contacts.jsonl", jsonl(contacts));
    await ingestDataset({ prisma, store, datasetId: dataset.id });
    // As a failed first attempt leaves it; the attempt that succeeds clears it.
    await prisma.dataset.update({ where: { id: dataset.id }, data: { error: "audit: connection reset" } });
    const summary = await auditDataset({ prisma, datasetId: dataset.id });
    expect((await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } })).error).toBeNull();

    expect(summary.counts.email).toBe(2);
    expect(summary.counts.exact_duplicate).toBe(1);
    expect(summary.rates.email).toBeCloseTo(0.5);
    expect(summary.piiDocuments).toBe(2);
    expect(summary.duplicateDocuments).toBe(1);
    const email = await prisma.auditFinding.findFirstOrThrow({
      where: { datasetId: dataset.id, kind: "email", row: 0 },
    });
    expect(contacts[0]!.text.slice(email.start, email.end)).toBe("ada@example.org");
    const flagged = await prisma.dataRow.findMany({
      where: { datasetId: dataset.id, findingKinds: { has: "email" } },
      select: { ordinal: true },
      orderBy: { ordinal: "asc" },
    });
    expect(flagged.map((r) => r.ordinal)).toEqual([0, 2]);

    // Audited content is not audited twice; a failed attempt's error is gone once an audit succeeds.
    await prisma.dataset.update({ where: { id: dataset.id }, data: { error: "audit: connection reset" } });
    expect(await auditDataset({ prisma, datasetId: dataset.id })).toEqual(summary);
    expect((await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } })).error).toBeNull();
    expect(await prisma.auditFinding.count({ where: { datasetId: dataset.id } })).toBe(
      Object.values(summary.counts).reduce((a, b) => a + b, 0),
    );
  });
});

describe("tokenizer and loadMixTokens", () => {
  it("trains a project tokenizer, writes token shards and loads a seeded, share-weighted mix", async () => {
    const project = await createProject();
    const prose = Array.from(
      { length: 30 },
      (_, i) => `Chapter ${i}. The whale rose beside the ship number ${i}.`,
    );
    const code = Array.from({ length: 10 }, (_, i) => `function f${i}(x) { return x * ${i}; }`);
    const books = await uploadDataset(project.id, "books", "books.txt", prose.join("\n\n"));
    const snippets = await uploadDataset(project.id, "snippets", "snippets.txt", code.join("\n\n"));
    for (const dataset of [books, snippets]) await ingestDataset({ prisma, store, datasetId: dataset.id });

    const tokenizer = await trainProjectTokenizer({
      prisma,
      store,
      projectId: project.id,
      name: "test-bpe",
      vocabSize: 300,
      datasetNames: ["books", "snippets"],
      sampleBytes: 100_000,
    });
    for (const dataset of [books, snippets]) {
      await tokenizeIngestedDataset({ prisma, store, datasetId: dataset.id, tokenizer });
    }
    const encoded = await prisma.datasetTokens.findFirstOrThrow({ where: { datasetId: books.id } });
    expect(readTokenShard(await store.get(encoded.key)).tokens.length).toBe(Number(encoded.tokens));
    const card = datasetCard.read((await prisma.dataset.findUniqueOrThrow({ where: { id: books.id } })).card);
    expect(card.counts.tokens).toBe(Number(encoded.tokens));

    const datamix = { sources: { books: 0.75, snippets: 0.25 }, tokenizer: "test-bpe" };
    const mix = await loadMixTokens({ prisma, store, projectId: project.id, datamix, seed: 7 });
    expect(mix.tokenizerHash).toBe(tokenizer.hash);
    expect(Object.keys(mix.val).sort()).toEqual(["books", "snippets"]);
    // 10% of 30 and of 10 documents held out, each ending in <|endoftext|>.
    const documentsIn = (tokens: Uint16Array) => tokens.filter((t) => t === mix.endOfTextId).length;
    expect(documentsIn(mix.val.books!)).toBe(3);
    expect(documentsIn(mix.val.snippets!)).toBe(1);
    expect(mix.bytesPerToken.books).toBeGreaterThan(1);

    const same = await loadMixTokens({ prisma, store, projectId: project.id, datamix, seed: 7 });
    expect(same.train).toEqual(mix.train);
    expect(same.val).toEqual(mix.val);
    const other = await loadMixTokens({ prisma, store, projectId: project.id, datamix, seed: 8 });
    expect(other.train).not.toEqual(mix.train);
    // The stream holds all training tokens of the mix, however the shares divide them.
    const all =
      Number(encoded.tokens) +
      Number((await prisma.datasetTokens.findFirstOrThrow({ where: { datasetId: snippets.id } })).tokens);
    const heldOut = mix.val.books!.length + mix.val.snippets!.length;
    expect(Math.abs(mix.train.length - (all - heldOut))).toBeLessThanOrEqual(1);
  });
});
