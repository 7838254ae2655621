// The migrations that reshape stored data, run on data written before them: a scratch database gets the
// migrations up to the one under test, rows as the code of that time wrote them, then the rest.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MIGRATIONS = path.resolve(import.meta.dirname, "../migrations");
const FIRST_TYPED = "20261203080000_kind_enums_and_foreign_key_indexes";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at PostgreSQL for these tests");
const scratch = new URL(url);
const scratchName = `${scratch.pathname.slice(1)}_migrations`;
const admin = new URL(url);
admin.pathname = "/postgres";
scratch.pathname = `/${scratchName}`;
const db = new pg.Client({ connectionString: scratch.toString() });

const migrations = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const apply = async (names: string[]) => {
  for (const name of names)
    await db.query(readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));
};

async function withAdmin(sql: string) {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const hash = (n: number) => String(n).padStart(64, "0");
const legacyCard = {
  name: "books",
  description: "Moby-Dick",
  license: "CC0-1.0",
  provenance: { package: "moby", version: "1", registry: "npm", files: [], extraction: "chapters" },
  counts: { documents: 1, bytes: 10, tokens: 3 },
  shards: [],
};

beforeAll(async () => {
  await withAdmin(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
  await withAdmin(`CREATE DATABASE "${scratchName}"`);
  await db.connect();
  await apply(migrations.filter((name) => name < FIRST_TYPED));
  await db.query(`
    INSERT INTO "User" (id, email, handle) VALUES ('u1', 'ada@example.com', 'ada');
    INSERT INTO "Project" (id, slug, name) VALUES ('p1', 'p1', 'P1');
    INSERT INTO "Blob" ("projectId", hash, kind, json)
      VALUES ('p1', '${hash(1)}', 'dataset-card', '${JSON.stringify(legacyCard)}'), ('p1', '${hash(2)}', 'recipe', '{}');
    INSERT INTO "Proposal" (id, "projectId", number, title, "authorId", "baseRevision", "headRef", "updatedAt")
      VALUES ('pr1', 'p1', 1, 'T', 'u1', '${hash(3)}', 'proposals/1', now());
    INSERT INTO "Check" (id, "proposalId", revision, kind, "updatedAt") VALUES ('c1', 'pr1', '${hash(3)}', 'training', now());
    INSERT INTO "Run" (id, "projectId", "checkId", revision, role, seed, "specHash", state, metrics, cost) VALUES
      ('trained', 'p1', 'c1', '${hash(3)}', 'HEAD', 1, '${hash(4)}', 'SUCCEEDED',
       '[{"step":0,"tokens":64,"loss":5.5,"lr":0.001,"ms":12},{"step":1,"tokens":128,"loss":5.25,"lr":0.001,"ms":20,"evalLoss":5.1}]',
       '{"gpuSeconds":9.5,"trainSeconds":7,"tokens":128,"tokensPerSecond":18.3,"peakBytes":1024,"flops":1e9,"adapter":"cpu"}'),
      ('reused', 'p1', 'c1', '${hash(3)}', 'BASE', 1, '${hash(4)}', 'SUCCEEDED',
       '[{"step":0,"tokens":64,"loss":5.5,"lr":0.001,"ms":12}]',
       '{"gpuSeconds":9.5,"trainSeconds":7,"tokens":128,"tokensPerSecond":18.3,"peakBytes":1024,"flops":1e9,"adapter":"cpu","reused":"trained"}'),
      ('stopped', 'p1', 'c1', '${hash(3)}', 'HEAD', 2, '${hash(4)}', 'FAILED', '[]', '{"gpuSeconds":3}'),
      ('queued', 'p1', 'c1', '${hash(3)}', 'BASE', 2, '${hash(4)}', 'QUEUED', '[]', NULL);
    INSERT INTO "Dataset" (id, "projectId", name, "updatedAt") VALUES ('new', 'p1', 'new', now());
    INSERT INTO "Dataset" (id, "projectId", name, card, "updatedAt", state)
      VALUES ('books', 'p1', 'books', '${JSON.stringify(legacyCard)}', now(), 'READY');
    INSERT INTO "DataRow" ("datasetId", ordinal, "shardKey", text, chars, "findingKinds")
      VALUES ('books', 0, 's', 'Call me Ishmael.', 16, ARRAY['email', 'near_duplicate']), ('books', 1, 's', 'x', 1, '{}');
    INSERT INTO "AuditFinding" ("datasetId", "shardKey", row, kind, start, "end") VALUES ('books', 's', 0, 'email', 0, 4);
  `);
  await apply(migrations.filter((name) => name >= FIRST_TYPED));
}, 60_000);

afterAll(async () => {
  await db.end();
  await withAdmin(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
});

describe("migrations of stored data", () => {
  it("turn each run's metrics array into one RunMetric row per step", async () => {
    const { rows } = await db.query(
      `SELECT "runId", step, tokens, loss, lr, ms, "evalLoss" FROM "RunMetric" ORDER BY "runId", step`,
    );
    expect(rows).toEqual([
      { runId: "reused", step: 0, tokens: 64, loss: 5.5, lr: 0.001, ms: 12, evalLoss: null },
      { runId: "trained", step: 0, tokens: 64, loss: 5.5, lr: 0.001, ms: 12, evalLoss: null },
      { runId: "trained", step: 1, tokens: 128, loss: 5.25, lr: 0.001, ms: 20, evalLoss: 5.1 },
    ]);
    const columns = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'Run' AND column_name = 'metrics'`,
    );
    expect(columns.rowCount).toBe(0);
  });

  it("move GPU-seconds and reuse out of Run.cost into columns, leaving cost the throughput of trained runs", async () => {
    const { rows } = await db.query(`SELECT id, "gpuSeconds", "reusedFromId", cost FROM "Run" ORDER BY id`);
    const throughput = {
      trainSeconds: 7,
      tokens: 128,
      tokensPerSecond: 18.3,
      peakBytes: 1024,
      flops: 1e9,
      adapter: "cpu",
    };
    expect(rows).toEqual([
      { id: "queued", gpuSeconds: null, reusedFromId: null, cost: null },
      { id: "reused", gpuSeconds: 9.5, reusedFromId: "trained", cost: throughput },
      { id: "stopped", gpuSeconds: 3, reusedFromId: null, cost: null },
      { id: "trained", gpuSeconds: 9.5, reusedFromId: null, cost: throughput },
    ]);
  });

  it("convert kinds to enums, keeping every value", async () => {
    const kinds = await db.query(`
      SELECT (SELECT array_agg(kind::text ORDER BY hash) FROM "Blob") AS blobs,
             (SELECT pg_typeof(kind)::text FROM "Blob" LIMIT 1) AS "blobType",
             (SELECT pg_typeof(kind)::text FROM "Check" LIMIT 1) AS "checkType",
             (SELECT pg_typeof(kind)::text FROM "AuditFinding" LIMIT 1) AS "findingType",
             (SELECT pg_typeof("findingKinds")::text FROM "DataRow" LIMIT 1) AS "rowType"`);
    expect(kinds.rows[0]).toEqual({
      blobs: ["dataset-card", "recipe"],
      blobType: '"ArtifactKind"',
      checkType: '"CheckKind"',
      findingType: '"FindingKind"',
      rowType: '"FindingKind"[]',
    });
    const rows = await db.query(`SELECT "findingKinds"::text[] AS kinds FROM "DataRow" ORDER BY ordinal`);
    expect(rows.rows).toEqual([{ kinds: ["email", "near_duplicate"] }, { kinds: [] }]);
  });

  it("leave a dataset that was never ingested without a card", async () => {
    const { rows } = await db.query(`SELECT id, card FROM "Dataset" ORDER BY id`);
    expect(rows).toEqual([
      { id: "books", card: legacyCard },
      { id: "new", card: null },
    ]);
  });
});
