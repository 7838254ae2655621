import { z } from "zod";
import { apiRoute } from "@/lib/api";
import { ZReportFormat } from "@/features/data/schemas";
import { exportAuditReport } from "@/features/data/server/export-audit-report";

/** The audit report as a download: ?format=json (default) or csv. */
export const GET = apiRoute<{ slug: string; name: string }>(async ({ request, params, userId }) => {
  const { format } = z
    .object({ format: ZReportFormat.default("json") })
    .parse({ format: request.nextUrl.searchParams.get("format") ?? undefined });
  const report = await exportAuditReport({ slug: params.slug, userId, name: params.name, format });
  return new Response(report.body, {
    headers: {
      "content-type": report.contentType,
      "content-disposition": `attachment; filename="${report.fileName}"`,
    },
  });
});
