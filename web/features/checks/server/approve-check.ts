import "server-only";
import { getPrisma } from "@forge/db";
import { approveCheck } from "@forge/core/experiments/queue-check";
import { badRequest } from "@/lib/errors";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findCheck } from "./find-check";

/** A maintainer lets a check over the author's monthly GPU budget run. */
export async function approveProposalCheck(options: {
  access: TProjectAccess<"check.approve">;
  checkId: string;
}) {
  const { access } = options;
  const check = await findCheck(options);
  const prisma = getPrisma();
  const approved = await approveCheck({
    prisma,
    redisUrl: env().REDIS_URL,
    checkId: check.id,
    approvedBy: access.handle,
    withinTransaction: (tx) =>
      recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "check.approve",
        target: `#${check.proposal.number}`,
        detail: { checkId: check.id, estimateGpuSeconds: check.estimateGpuSeconds },
      }),
  });
  if (!approved) throw badRequest(`state: the check is ${check.state.toLowerCase()}, not awaiting approval`);
  return { approved: true };
}
