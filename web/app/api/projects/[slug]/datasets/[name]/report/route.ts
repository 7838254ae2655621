import { z } from "zod";
import { projectRoute } from "@/lib/api";
import { ZDatasetParams, ZReportFormat } from "@/features/data/schemas";
import { exportAuditReport } from "@/features/data/server/export-audit-report";

/** The audit report as a download: ?format=json (default) or csv. */
export const GET = projectRoute(
  { action: "project.read", params: ZDatasetParams },
  async ({ request, access, params }) => {
    const { format } = z
      .object({ format: ZReportFormat.default("json") })
      .parse({ format: request.nextUrl.searchParams.get("format") ?? undefined });
    const report = await exportAuditReport({ access, name: params.name, format });
    return new Response(report.body, {
      headers: {
        "content-type": report.contentType,
        "content-disposition": `attachment; filename="${report.fileName}"`,
      },
    });
  },
);
