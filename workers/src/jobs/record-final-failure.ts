// Handlers record their own failures (failRun, the dataset handlers), but some final failures never reach
// them: a job that stalled more often than allowed is failed by BullMQ itself, an error thrown before a
// handler's try (the database unreachable when it loads its run) bypasses it, and a payload the worker cannot
// read never reaches it. Without this, such a job's run (and its check) or dataset would stay in a working
// state forever with no reason shown.
import type { Job } from "bullmq";
import type { PrismaClient } from "@forge/db";
import { workerJobNamed } from "./registry";

/** Applies the job's final-failure policy (see WORKER_JOBS), if the job has failed for good. */
export async function recordFinalFailure(prisma: PrismaClient, job: Job, error: Error): Promise<void> {
  if ((await job.getState()) !== "failed") return; // BullMQ will retry it
  const onFinalFailure = workerJobNamed(job.name)?.onFinalFailure;
  await onFinalFailure?.(job.data, { prisma, reason: `${job.name} failed: ${error.message}` });
}
