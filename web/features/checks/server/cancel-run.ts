import "server-only";
import { getPrisma } from "@forge/db";
import { cancelRun } from "@forge/core/experiments/cancel-run";
import { badRequest, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findCheckToCancel } from "./find-check";

/**
 * The proposal's author or a maintainer cancels one run of a check: its seed is left out of the comparison and
 * the other seeds carry on (cancel the check to stop them all).
 */
export async function cancelCheckRun(options: {
  access: TProjectAccess<"check.cancel">;
  checkId: string;
  runId: string;
}) {
  const { access } = options;
  const check = await findCheckToCancel(options);
  const prisma = getPrisma();
  const run = await prisma.run.findFirst({ where: { id: options.runId, checkId: check.id } });
  if (!run) throw notFound(`Run ${options.runId} of check ${check.id}`);
  const cancelled = await cancelRun({
    prisma,
    runId: run.id,
    cancelledBy: access.handle,
    withinTransaction: (tx) =>
      recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "run.cancel",
        target: `#${check.proposal.number}`,
        detail: { checkId: check.id, runId: run.id, role: run.role, seed: run.seed },
      }),
  });
  if (!cancelled)
    throw badRequest(
      `state: the run is ${run.state.toLowerCase()} and its check ${check.state.toLowerCase()}; ` +
        "only a waiting or running run of an active check can be cancelled",
    );
  return { cancelled: true };
}
