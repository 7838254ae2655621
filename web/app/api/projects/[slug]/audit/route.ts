import { projectRoute } from "@/lib/api";
import { listAuditEvents } from "@/features/audit/server/list-audit-events";

export const GET = projectRoute({ action: "audit.read" }, async ({ access }) => ({
  events: await listAuditEvents({ access }),
}));
