import "server-only";
import { auditDetail, getPrisma } from "@forge/db";
import { requireProjectRole } from "@/features/projects/server/require-project-role";

/** The project's audit trail, newest first; maintainers and admins read it. */
export async function listAuditEvents(options: { slug: string; userId: string | null; take?: number }) {
  const { projectId } = await requireProjectRole({ ...options, needed: "MAINTAINER" });
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
