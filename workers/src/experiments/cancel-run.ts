// Cancelling one run drops its seed from the check (see computeCheckResults) while the other seeds carry on.
// A worker training the run sees the state within a second and aborts (run-progress.ts); a queued job finds
// the run cancelled when it starts. When the cancelled run was the last one unfinished, nobody else would
// finalize the check, so this does (finalizing is idempotent and waits while runs are unfinished).
import type { PrismaClient } from "@forge/db";
import { ACTIVE_CHECK_STATES } from "./check-keys";
import { finalizeCheck } from "./finalize-check";

export async function cancelRun(options: {
  prisma: PrismaClient;
  runId: string;
  cancelledBy: string;
}): Promise<boolean> {
  const { prisma } = options;
  const moved = await prisma.run.updateMany({
    where: {
      id: options.runId,
      state: { in: ["QUEUED", "RUNNING"] },
      check: { state: { in: [...ACTIVE_CHECK_STATES] } },
    },
    data: { state: "CANCELLED", error: `cancelled by @${options.cancelledBy}`, endedAt: new Date() },
  });
  // Also when nothing moved: a cancel whose finalize failed after the run was marked is finished by retrying.
  const run = await prisma.run.findUniqueOrThrow({ where: { id: options.runId } });
  if (run.checkId) await finalizeCheck({ prisma, checkId: run.checkId });
  return moved.count > 0;
}
