import "server-only";
import { z } from "zod";
import { Prisma, getPrisma } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { ZFindingKind, type TBrowseRowsQuery } from "../schemas";
import { searchTerms } from "../search-terms";

const PREVIEW_CHARS = 280;
/** Characters of context kept before the first occurrence of a search word in a preview. */
const PREVIEW_LEAD = 80;
/**
 * Up to this many estimated matches, a search or finding filter collects its matches through the GIN index
 * and sorts them (cost grows with the matches). Above it, walking the primary key in order and filtering
 * finds a page within a few thousand rows. PostgreSQL's own choice assumes matches spread evenly, and walks
 * the key for rare terms too, reading the whole table when they sit far from the cursor.
 */
const INDEX_COLLECT_MAX_MATCHES = 5_000;

type TRowRecord = {
  id: bigint;
  datasetId: string;
  ordinal: number;
  docId: string;
  chars: number;
  /** Read as text[]: node-postgres returns an array of a Postgres enum as one unparsed string. */
  findingKinds: string[];
  preview: string;
};
const ZFindingKinds = z.array(ZFindingKind);

/**
 * One page of the data browser over the project's READY datasets (INGESTING and FAILED ones stay hidden).
 * Keyset pagination on the row id, so page N costs what page 1 costs; full-text search uses the generated
 * tsvector column and its GIN index (websearch syntax: words, "phrases", -exclusions, or); the finding filter
 * uses the GIN index on findingKinds.
 */
export async function browseRows(options: { access: TProjectAccess; query: TBrowseRowsQuery }) {
  const { access, query } = options;
  const prisma = getPrisma();
  const datasets = await prisma.dataset.findMany({
    where: { projectId: access.projectId, state: "READY", ...(query.dataset ? { name: query.dataset } : {}) },
    select: { id: true, name: true },
  });
  const names = new Map(datasets.map((d) => [d.id, d.name]));
  if (datasets.length === 0) return { rows: [], nextCursor: null };

  const conditions = [Prisma.sql`r."datasetId" = ANY(${[...names.keys()]}::text[])`];
  if (query.q) conditions.push(Prisma.sql`r.search @@ websearch_to_tsquery('english', ${query.q})`);
  if (query.kind) conditions.push(Prisma.sql`r."findingKinds" @> ARRAY[${query.kind}]::"FindingKind"[]`);
  if (query.minChars !== undefined) conditions.push(Prisma.sql`r.chars >= ${query.minChars}`);
  if (query.maxChars !== undefined) conditions.push(Prisma.sql`r.chars <= ${query.maxChars}`);
  if (query.cursor) conditions.push(Prisma.sql`r.id > ${BigInt(query.cursor)}`);
  const where = Prisma.join(conditions, " AND ");
  // A search result's preview starts a little before the first search word (when the exact word occurs;
  // stemmed matches such as whales → whale fall back to the start of the text).
  const focus = query.q ? searchTerms(query.q)[0] : undefined;
  const preview = focus
    ? Prisma.sql`substring(r.text FROM greatest(1, strpos(lower(r.text), ${focus}) - ${PREVIEW_LEAD}) FOR ${PREVIEW_CHARS})`
    : Prisma.sql`left(r.text, ${PREVIEW_CHARS})`;
  const select = Prisma.sql`
    SELECT r.id, r."datasetId", r.ordinal, r."docId", r.chars, r."findingKinds"::text[] AS "findingKinds", ${preview} AS preview
    FROM "DataRow" r
    WHERE ${where}
    ORDER BY r.id
    LIMIT ${query.limit + 1}`;
  const selective = Boolean(query.q || query.kind);
  const records =
    selective && (await estimatedMatches(where)) <= INDEX_COLLECT_MAX_MATCHES
      ? await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SET LOCAL enable_indexscan = off`;
          await tx.$executeRaw`SET LOCAL work_mem = '32MB'`;
          return tx.$queryRaw<TRowRecord[]>(select);
        })
      : await prisma.$queryRaw<TRowRecord[]>(select);
  const page = records.slice(0, query.limit);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      dataset: names.get(r.datasetId) ?? r.datasetId,
      ordinal: r.ordinal,
      docId: r.docId,
      chars: r.chars,
      findingKinds: ZFindingKinds.parse(r.findingKinds),
      preview: r.preview,
    })),
    nextCursor: records.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
/** The planner's estimate of the rows matching a condition (EXPLAIN only plans: no rows are read). */
async function estimatedMatches(where: Prisma.Sql): Promise<number> {
  const [plan] = await getPrisma().$queryRaw<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM "DataRow" r WHERE ${where}`;
  return plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? Number.POSITIVE_INFINITY;
}

export type TRowsPage = Awaited<ReturnType<typeof browseRows>>;
