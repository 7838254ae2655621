import { apiRoute } from "@/lib/api";
import { listAuditEvents } from "@/features/audit/server/list-audit-events";

export const GET = apiRoute<{ slug: string }>(async ({ params, userId }) => ({
  events: await listAuditEvents({ slug: params.slug, userId }),
}));
