import "server-only";
import { auditDetail, getPrisma } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** The project's audit trail, newest first. */
export async function listAuditEvents(options: { access: TProjectAccess<"audit.read">; take?: number }) {
  const { projectId } = options.access;
  const events = await getPrisma().auditEvent.findMany({
    where: { projectId },
    orderBy: { at: "desc" },
    take: Math.min(options.take ?? 200, 1000),
    include: { actor: { select: { handle: true } } },
  });
  return events.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor?.handle ?? "forge",
    action: e.action,
    target: e.target,
    detail: auditDetail.read(e.detail),
  }));
}
