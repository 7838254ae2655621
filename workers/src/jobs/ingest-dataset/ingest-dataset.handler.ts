import { type Job, UnrecoverableError } from "bullmq";
import { auditDatasetJob, type TJobPayload, type ingestDatasetJob } from "@forge/core/contracts";
import { isMalformedInput } from "@forge/core/datasets/dataset-origin";
import { ingestDataset } from "@forge/core/datasets/ingest-dataset";
import { enqueue } from "@forge/core/queue";
import { defaultObjectStore } from "@forge/core/storage";
import type { TJobContext } from "../registry";

/**
 * Ingests a dataset, then queues its audit. Malformed input fails at once (no retry can fix it) with the
 * `file:line` reason on the dataset; other errors are retried by BullMQ and mark the dataset FAILED only when
 * the last attempt fails.
 */
export async function handleIngestDataset(
  job: Job,
  { datasetId }: TJobPayload<typeof ingestDatasetJob>,
  context: TJobContext,
) {
  const { prisma } = context;
  let outcome;
  try {
    outcome = await ingestDataset({
      prisma,
      store: defaultObjectStore(),
      datasetId,
      onProgress: (progress) => job.updateProgress(progress),
    });
  } catch (error) {
    const malformed = isMalformedInput(error);
    const lastAttempt = malformed || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const message = error instanceof Error ? error.message : String(error);
    await prisma.dataset.update({
      where: { id: datasetId },
      data: { error: message, ...(lastAttempt ? { state: "FAILED" as const } : {}) },
    });
    if (malformed) throw new UnrecoverableError(message);
    throw error;
  }
  // One audit per content: the job id makes a retried ingest enqueue it once.
  await enqueue(
    auditDatasetJob,
    { datasetId },
    { redisUrl: context.env.REDIS_URL, jobId: `audit-${datasetId}-${outcome.contentHash.slice(0, 16)}` },
  );
  return outcome;
}
