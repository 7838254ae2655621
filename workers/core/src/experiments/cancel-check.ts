// Cancelling a check marks it and its unfinished runs CANCELLED in Postgres. Workers poll their run's state
// while training (see run-progress.ts) and abort the engine through its AbortSignal; jobs still waiting in
// the queue find their run cancelled when they start and return at once.
import type { PrismaClient } from "@forge/db";
import { ACTIVE_CHECK_STATES, type TWithinTransaction } from "./check-keys";
import { checkSummary } from "./json-columns";

export async function cancelCheck(options: {
  prisma: PrismaClient;
  checkId: string;
  /** Handle of whoever cancelled; null when the platform did (a newer head superseded the check). */
  cancelledBy: string | null;
  reason: "cancelled" | "superseded";
  withinTransaction?: TWithinTransaction;
}): Promise<boolean> {
  return options.prisma.$transaction(async (tx) => {
    const check = await tx.check.findUniqueOrThrow({ where: { id: options.checkId } });
    const moved = await tx.check.updateMany({
      where: { id: check.id, state: { in: [...ACTIVE_CHECK_STATES] } },
      data: {
        state: "CANCELLED",
        summary: checkSummary.write({
          ...checkSummary.read(check.summary),
          cancelledBy: options.cancelledBy ?? "forge",
          error: options.reason === "superseded" ? "superseded by a newer head revision" : "cancelled",
        }),
      },
    });
    if (moved.count === 0) return false;
    await tx.run.updateMany({
      where: { checkId: check.id, state: { in: ["QUEUED", "RUNNING"] } },
      data: { state: "CANCELLED", endedAt: new Date() },
    });
    await options.withinTransaction?.(tx, { checkId: check.id });
    return true;
  });
}
