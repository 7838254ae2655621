import "server-only";
import { getPrisma } from "@forge/db";
import { cancelCheck } from "@forge/core/experiments/cancel-check";
import { badRequest } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findCheckToCancel } from "./find-check";

/** The proposal's author or a maintainer cancels a check; running workers abort within about a second. */
export async function cancelProposalCheck(options: {
  access: TProjectAccess<"check.cancel">;
  checkId: string;
}) {
  const { access } = options;
  const check = await findCheckToCancel(options);
  const prisma = getPrisma();
  const cancelled = await cancelCheck({
    prisma,
    checkId: check.id,
    cancelledBy: access.handle,
    reason: "cancelled",
    withinTransaction: (tx) =>
      recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "check.cancel",
        target: `#${check.proposal.number}`,
        detail: { checkId: check.id },
      }),
  });
  if (!cancelled)
    throw badRequest(`state: the check is ${check.state.toLowerCase()}, not waiting or running`);
  return { cancelled: true };
}
