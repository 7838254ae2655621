import "server-only";
import { getPrisma } from "@forge/db";
import { type AuditReport, auditReportToCsv, auditReportToJson } from "@forge/core/data";
import { datasetStats } from "@forge/core/datasets/json-columns";
import { conflict, notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** A dataset's audit report as a download: every finding with its document id and span, plus counts and rates. */
export async function exportAuditReport(options: {
  access: TProjectAccess;
  name: string;
  format: "json" | "csv";
}) {
  const { access } = options;
  const prisma = getPrisma();
  const dataset = await prisma.dataset.findUnique({
    where: { projectId_name: { projectId: access.projectId, name: options.name } },
    include: { stats: true },
  });
  if (!dataset || dataset.state !== "READY") throw notFound(`Dataset '${options.name}'`);
  const audit = dataset.stats && datasetStats.read(dataset.stats.stats).audit;
  if (!audit || audit.contentHash !== dataset.contentHash)
    throw conflict(`Dataset '${options.name}' is not audited yet`);

  const findings = await prisma.auditFinding.findMany({
    where: { datasetId: dataset.id },
    orderBy: [{ row: "asc" }, { start: "asc" }, { id: "asc" }],
    select: { row: true, kind: true, start: true, end: true, detail: true },
  });
  const rows = await prisma.dataRow.findMany({
    where: { datasetId: dataset.id, ordinal: { in: [...new Set(findings.map((f) => f.row))] } },
    select: { ordinal: true, docId: true },
  });
  const docIds = new Map(rows.map((r) => [r.ordinal, r.docId]));
  const report: AuditReport = {
    documents: audit.documents,
    counts: audit.counts,
    documentsWithFinding: audit.documentsWithFinding,
    rates: audit.rates,
    findings: findings.map((f) => ({
      documentId: docIds.get(f.row) ?? String(f.row),
      kind: f.kind,
      start: f.start,
      end: f.end,
      detail: f.detail,
    })),
  };
  const fileName = `${dataset.name}-audit-${dataset.contentHash.slice(0, 12)}.${options.format}`;
  return options.format === "json"
    ? { fileName, contentType: "application/json; charset=utf-8", body: auditReportToJson(report) }
    : { fileName, contentType: "text/csv; charset=utf-8", body: auditReportToCsv(report) };
}
