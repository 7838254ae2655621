// Cancelling one run drops its seed from the check (see computeCheckResults) while the other seeds carry on.
// A worker training the run sees the state within a second and aborts (run-progress.ts); a queued job finds
// the run cancelled when it starts. When the cancelled run was the last one unfinished, nobody else would
// finalize the check, so this does (finalizing is idempotent and waits while runs are unfinished).
import type { PrismaClient } from "@forge/db";
import { ACTIVE_CHECK_STATES, type TWithinTransaction } from "./check-keys";
import { finalizeCheck } from "./finalize-check";

export async function cancelRun(options: {
  prisma: PrismaClient;
  runId: string;
  cancelledBy: string;
  withinTransaction?: TWithinTransaction;
}): Promise<boolean> {
  const { prisma } = options;
  const run = await prisma.run.findUniqueOrThrow({ where: { id: options.runId } });
  const cancelled = await prisma.$transaction(async (tx) => {
    const moved = await tx.run.updateMany({
      where: {
        id: run.id,
        state: { in: ["QUEUED", "RUNNING"] },
        check: { state: { in: [...ACTIVE_CHECK_STATES] } },
      },
      data: { state: "CANCELLED", error: `cancelled by @${options.cancelledBy}`, endedAt: new Date() },
    });
    if (moved.count > 0 && run.checkId) await options.withinTransaction?.(tx, { checkId: run.checkId });
    return moved.count > 0;
  });
  // Also when nothing moved: a cancel whose finalize failed after the run was marked is finished by retrying.
  if (run.checkId) await finalizeCheck({ prisma, checkId: run.checkId });
  return cancelled;
}
