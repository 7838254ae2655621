// How a run's job ends when something goes wrong: spec errors fail at once (retrying cannot fix a spec),
// other errors retry with backoff until the last attempt, which marks the run FAILED and lets the check
// post its results.
import { UnrecoverableError, type Job } from "bullmq";
import type { PrismaClient } from "@forge/db";
import { SpecError } from "@forge/kernels";
import { finalizeCheck } from "@forge/core/experiments/finalize-check";
import { RunSpecError } from "@forge/core/experiments/run-spec";

/** The spec cannot run: invalid, unsupported by the engine, or not what the job says it is. */
export class RunSpecMismatchError extends Error {}

export const isSpecFailure = (error: unknown) =>
  error instanceof SpecError ||
  error instanceof RunSpecError ||
  error instanceof RunSpecMismatchError ||
  error instanceof UnrecoverableError;

/**
 * Ends an unfinished run as FAILED with the reason, then finalizes its check (idempotent: it posts the results
 * once every run has ended, also when an earlier attempt marked the run but died before finalizing).
 */
export async function markRunFailed(options: { prisma: PrismaClient; runId: string; reason: string }) {
  const { prisma } = options;
  await prisma.run.updateMany({
    where: { id: options.runId, state: { in: ["QUEUED", "RUNNING"] } },
    data: { state: "FAILED", error: options.reason, endedAt: new Date() },
  });
  const run = await prisma.run.findUnique({ where: { id: options.runId }, select: { checkId: true } });
  if (run?.checkId) await finalizeCheck({ prisma, checkId: run.checkId });
}

export async function failRun(options: {
  prisma: PrismaClient;
  job: Job;
  runId: string;
  error: unknown;
}): Promise<never> {
  const { prisma, job, error } = options;
  const message = error instanceof Error ? error.message : String(error);
  const fatal = isSpecFailure(error);
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (fatal || lastAttempt) await markRunFailed({ prisma, runId: options.runId, reason: message });
  throw fatal && !(error instanceof UnrecoverableError) ? new UnrecoverableError(message) : error;
}
