// Handlers record their own failures (failRun, the dataset handlers), but some final failures never reach
// them: a job that stalled more often than allowed is failed by BullMQ itself, and an error thrown before a
// handler's try (the database unreachable when it loads its run) bypasses it. Without this, such a job's run
// (and its check) or dataset would stay in a working state forever with no reason shown.
import type { Job } from "bullmq";
import type { PrismaClient } from "@forge/db";
import { markRunFailed } from "../experiments/run-failure";

/** Marks the job's run FAILED (finalizing its check) or its dataset FAILED, if the job has failed for good. */
export async function recordFinalFailure(prisma: PrismaClient, job: Job, error: Error): Promise<void> {
  if ((await job.getState()) !== "failed") return; // BullMQ will retry it
  const reason = `${job.name} failed: ${error.message}`;
  const data = job.data as { runId?: unknown; datasetId?: unknown };
  if ((job.name === "train-run" || job.name === "eval-run") && typeof data.runId === "string") {
    await markRunFailed({ prisma, runId: data.runId, reason });
  } else if (job.name === "ingest-dataset" && typeof data.datasetId === "string") {
    await prisma.dataset.updateMany({
      where: { id: data.datasetId, state: "INGESTING" },
      data: { state: "FAILED", error: reason },
    });
  }
}
