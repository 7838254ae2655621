import { z } from "zod";
import { QUEUES, ZId, ZSha256, defineJobContract } from "./define-job-contract";

export const trainRunJob = defineJobContract({
  name: "train-run",
  version: 1,
  queue: QUEUES.gpu,
  payload: z.object({ runId: ZId, specHash: ZSha256 }),
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
});

export const evalRunJob = defineJobContract({
  name: "eval-run",
  version: 1,
  queue: QUEUES.gpu,
  payload: z.object({ runId: ZId, specHash: ZSha256 }),
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
});

export const ingestDatasetJob = defineJobContract({
  name: "ingest-dataset",
  version: 1,
  queue: QUEUES.data,
  payload: z.object({ datasetId: ZId }),
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
});

export const auditDatasetJob = defineJobContract({
  name: "audit-dataset",
  version: 1,
  queue: QUEUES.data,
  payload: z.object({ datasetId: ZId }),
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
});

export const JOB_CONTRACTS = [trainRunJob, evalRunJob, ingestDatasetJob, auditDatasetJob] as const;
