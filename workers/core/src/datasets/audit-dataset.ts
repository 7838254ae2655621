import type { Prisma, PrismaClient } from "@forge/db";
import { type FindingKind, type TextDocument, auditDocuments } from "../data/index";
import { type TProgressSink, createProgressReporter } from "./dataset-progress";
import { type TAuditSummary, datasetProgress, datasetStats } from "./json-columns";

const READ_BATCH = 1000;
const INSERT_BATCH = 2000;
/** Dataset.error of a failed audit starts with this; a later successful audit clears it. */
export const AUDIT_ERROR_PREFIX = "audit: ";

export const PII_KINDS: readonly FindingKind[] = ["email", "phone", "ipv4", "ipv6", "credit_card", "secret"];
export const DUPLICATE_KINDS: readonly FindingKind[] = ["exact_duplicate", "near_duplicate"];

/**
 * Runs the detectors over a READY dataset's rows and replaces its findings: AuditFinding rows with character
 * spans, each row's findingKinds, and per-kind counts and rates in the stats, all in one transaction.
 * Auditing content already audited (same contentHash) is a no-op, so retries and re-runs are free.
 */
export async function auditDataset(options: {
  prisma: PrismaClient;
  datasetId: string;
  onProgress?: TProgressSink;
}): Promise<TAuditSummary> {
  const { prisma, datasetId } = options;
  const dataset = await prisma.dataset.findUniqueOrThrow({
    where: { id: datasetId },
    include: { stats: true },
  });
  if (dataset.state !== "READY" || !dataset.contentHash) {
    throw new Error(`dataset ${dataset.name} is ${dataset.state}: only a READY dataset can be audited`);
  }
  // A READY dataset has statistics: the ingest writes them in the transaction that makes it READY.
  if (!dataset.stats) throw new Error(`dataset ${dataset.name} has no statistics: ingest it first`);
  const stats = datasetStats.read(dataset.stats.stats);
  const previous = stats.audit;
  const failedBefore = dataset.error?.startsWith(AUDIT_ERROR_PREFIX) ?? false;
  if (previous?.contentHash === dataset.contentHash) {
    if (failedBefore) await prisma.dataset.update({ where: { id: datasetId }, data: { error: null } });
    return previous;
  }
  const report = createProgressReporter(prisma, datasetId, options.onProgress);

  const rowOfDocId = new Map<string, { ordinal: number; shardKey: string }>();
  const documents: TextDocument[] = [];
  for (let cursor = -1; ;) {
    await report("auditing", documents.length, dataset.documents);
    const batch = await prisma.dataRow.findMany({
      where: { datasetId, ordinal: { gt: cursor } },
      orderBy: { ordinal: "asc" },
      select: { ordinal: true, shardKey: true, docId: true, text: true },
      take: READ_BATCH,
    });
    const last = batch.at(-1);
    if (!last) break;
    for (const row of batch) {
      rowOfDocId.set(row.docId, { ordinal: row.ordinal, shardKey: row.shardKey });
      documents.push({ id: row.docId, text: row.text, meta: {} });
    }
    cursor = last.ordinal;
  }
  const result = auditDocuments(documents);

  const findings: Prisma.AuditFindingCreateManyInput[] = [];
  const kindsByOrdinal = new Map<number, Set<FindingKind>>();
  for (const finding of result.findings) {
    const row = rowOfDocId.get(finding.documentId);
    if (!row) throw new Error(`audit finding for unknown document ${finding.documentId}`);
    findings.push({
      datasetId,
      shardKey: row.shardKey,
      row: row.ordinal,
      kind: finding.kind,
      start: finding.start,
      end: finding.end,
      detail: finding.detail,
    });
    const kinds = kindsByOrdinal.get(row.ordinal) ?? new Set<FindingKind>();
    kinds.add(finding.kind);
    kindsByOrdinal.set(row.ordinal, kinds);
  }
  const flagged = [...kindsByOrdinal.entries()];
  const countHaving = (kinds: readonly FindingKind[]) =>
    flagged.filter(([, found]) => kinds.some((kind) => found.has(kind))).length;
  const summary: TAuditSummary = {
    contentHash: dataset.contentHash,
    documents: result.documents,
    counts: result.counts,
    documentsWithFinding: result.documentsWithFinding,
    rates: result.rates,
    piiDocuments: countHaving(PII_KINDS),
    duplicateDocuments: countHaving(DUPLICATE_KINDS),
  };

  await prisma.$transaction(
    async (tx) => {
      await tx.auditFinding.deleteMany({ where: { datasetId } });
      for (let start = 0; start < findings.length; start += INSERT_BATCH) {
        await tx.auditFinding.createMany({ data: findings.slice(start, start + INSERT_BATCH) });
      }
      await tx.$executeRaw`UPDATE "DataRow" SET "findingKinds" = '{}' WHERE "datasetId" = ${datasetId} AND "findingKinds" <> '{}'`;
      if (flagged.length > 0) {
        // One statement for all flagged rows: kinds travel as comma-joined text (kind names hold no commas).
        await tx.$executeRaw`
          UPDATE "DataRow" AS r SET "findingKinds" = string_to_array(v.kinds, ',')::"FindingKind"[]
          FROM unnest(${flagged.map(([ordinal]) => ordinal)}::int[], ${flagged.map(([, kinds]) => [...kinds].sort().join(","))}::text[]) AS v(ordinal, kinds)
          WHERE r."datasetId" = ${datasetId} AND r.ordinal = v.ordinal`;
      }
      await tx.datasetStats.update({
        where: { datasetId },
        data: { stats: datasetStats.write({ ...stats, audit: summary }) },
      });
      await tx.dataset.update({
        where: { id: datasetId },
        data: {
          progress: datasetProgress.write({
            phase: "done",
            rows: result.documents,
            totalRows: result.documents,
            percent: 100,
          }),
          // An earlier attempt's failure no longer holds.
          ...(failedBefore ? { error: null } : {}),
        },
      });
    },
    { timeout: 120_000 },
  );
  return summary;
}
