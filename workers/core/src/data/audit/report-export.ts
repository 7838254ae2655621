import { type AuditReport } from "./audit-documents";

export function auditReportToJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const CSV_COLUMNS = ["document_id", "kind", "start", "end", "detail"] as const;

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break, quotes doubled. Text fields that a
 * spreadsheet would run as a formula (leading = + - @ tab or CR) get a leading apostrophe, since ids and
 * details come from uploaded data.
 */
export function csvField(value: string | number): string {
  let field = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(field)) field = `'${field}`;
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One row per finding, CRLF line ends as RFC 4180 specifies. */
export function auditReportToCsv(report: AuditReport): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const finding of report.findings) {
    lines.push(
      [finding.documentId, finding.kind, finding.start, finding.end, finding.detail].map(csvField).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
