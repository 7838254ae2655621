import "server-only";
import { getPrisma } from "@forge/db";
import { approveCheck } from "@forge/core/experiments/queue-check";
import { badRequest } from "@/lib/errors";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import { findCheck } from "./find-check";

/** A maintainer lets a check over the author's monthly GPU budget run. */
export async function approveProposalCheck(options: {
  slug: string;
  userId: string | null;
  checkId: string;
}) {
  const { access, check } = await findCheck({ ...options, needed: "MAINTAINER" });
  const prisma = getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: access.userId! } });
  const approved = await approveCheck({
    prisma,
    redisUrl: env().REDIS_URL,
    checkId: check.id,
    approvedBy: user.handle,
    withinTransaction: (tx) =>
      recordAuditEvent(tx, {
        actorId: user.id,
        projectId: access.projectId,
        action: "check.approve",
        target: `#${check.proposal.number}`,
        detail: { checkId: check.id, estimateGpuSeconds: check.estimateGpuSeconds },
      }),
  });
  if (!approved) throw badRequest(`state: the check is ${check.state.toLowerCase()}, not awaiting approval`);
  return { approved: true };
}
