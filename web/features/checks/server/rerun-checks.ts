import "server-only";
import { getPrisma } from "@forge/db";
import { queueCheck } from "@forge/core/experiments/queue-check";
import { badRequest, forbidden } from "@/lib/errors";
import { env } from "@/lib/env";
import { hasRole } from "@/features/projects/roles";
import { findProposal } from "@/features/proposals/server/find-proposal";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";

/**
 * "Re-run checks": queues a fresh check of the head against today's main (after main moved, a failure or a
 * cancellation). The author or a maintainer; a check already queued or passed for the same pair is returned.
 */
export async function rerunChecks(options: { slug: string; userId: string | null; number: number }) {
  const { access, proposal } = await findProposal({ ...options, needed: "CONTRIBUTOR" });
  if (proposal.authorId !== access.userId && !hasRole(access.role, "MAINTAINER"))
    throw forbidden("MAINTAINER (or be the author)");
  if (proposal.state !== "OPEN") throw badRequest(`state: proposal #${proposal.number} is not open`);
  const queued = await queueCheck({
    prisma: getPrisma(),
    redisUrl: env().REDIS_URL,
    proposalId: proposal.id,
    requestedById: access.userId,
    withinTransaction: (tx, { checkId }) =>
      recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "check.rerun",
        target: `#${proposal.number}`,
        detail: { checkId },
      }),
  });
  if (!queued) throw badRequest("nothing to check: checks are off for this project or the head equals main");
  return queued;
}
