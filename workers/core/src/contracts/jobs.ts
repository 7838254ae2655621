import { z } from "zod";
import { QUEUES, ZId, ZSha256, defineJob } from "./define-job";

export const trainRunJob = defineJob({
  name: "train-run",
  version: 1,
  queue: QUEUES.gpu,
  payload: z.object({ runId: ZId, specHash: ZSha256 }),
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
});

export const evalRunJob = defineJob({
  name: "eval-run",
  version: 1,
  queue: QUEUES.gpu,
  payload: z.object({ runId: ZId, specHash: ZSha256 }),
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
});

export const ingestDatasetJob = defineJob({
  name: "ingest-dataset",
  version: 1,
  queue: QUEUES.data,
  payload: z.object({ datasetId: ZId }),
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
});

export const auditDatasetJob = defineJob({
  name: "audit-dataset",
  version: 1,
  queue: QUEUES.data,
  payload: z.object({ datasetId: ZId }),
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
});

export const JOBS = [trainRunJob, evalRunJob, ingestDatasetJob, auditDatasetJob] as const;
