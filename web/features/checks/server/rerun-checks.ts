import "server-only";
import { getPrisma } from "@forge/db";
import { queueCheck } from "@forge/core/experiments/queue-check";
import { badRequest } from "@/lib/errors";
import { env } from "@/lib/env";
import { requireMay, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { findProposal } from "@/features/proposals/server/find-proposal";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";

/**
 * "Re-run checks": queues a fresh check of the head against today's main (after main moved, a failure or a
 * cancellation). A check already queued or passed for the same pair is returned.
 */
export async function rerunChecks(options: { access: TProjectAccess<"check.rerun">; number: number }) {
  const { access } = options;
  const proposal = await findProposal(options);
  requireMay(access, "check.rerun", { authorId: proposal.authorId });
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
