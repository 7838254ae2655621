import { WaitingError, type Job } from "bullmq";
import { z } from "zod";
import type { PrismaClient } from "@forge/db";
import type { Redis } from "ioredis";
import { ZId, auditDatasetJob, evalRunJob, ingestDatasetJob, trainRunJob } from "@forge/core/contracts";
import type { TWorkerEnv } from "../env";
import type { WorkerRegistration } from "../registration";
import { markRunFailed } from "../experiments/run-failure";
import { defineWorkerJob, finalFailurePolicy, type TWorkerJob } from "./define-worker-job";

export type TJobContext = {
  prisma: PrismaClient;
  redis: Redis;
  env: TWorkerEnv;
  registration: WorkerRegistration;
  /** Aborted on SIGTERM/SIGINT: long handlers stop at a safe point and throw JobHandedBackError. */
  shutdown: AbortSignal;
};

/** A handler stopped for the worker's shutdown: the job returns to the queue without using up an attempt. */
export class JobHandedBackError extends Error {}

/** A run job's run fails, which finalizes its check (the check posts its results once every run has ended). */
const failTheRun = finalFailurePolicy(z.object({ runId: ZId }), ({ runId }, { prisma, reason }) =>
  markRunFailed({ prisma, runId, reason }),
);

/** An ingest's dataset fails if it is still INGESTING (a dataset that became READY keeps its rows). */
const failTheIngestingDataset = finalFailurePolicy(
  z.object({ datasetId: ZId }),
  async ({ datasetId }, { prisma, reason }) => {
    await prisma.dataset.updateMany({
      where: { id: datasetId, state: "INGESTING" },
      data: { state: "FAILED", error: reason },
    });
  },
);

/** Every job contract, bound to its handler and final-failure policy (registry.test.ts checks none is missing). */
export const WORKER_JOBS: readonly TWorkerJob[] = [
  defineWorkerJob(trainRunJob, {
    handler: async () => (await import("./train-run/train-run.handler")).handleTrainRun,
    onFinalFailure: failTheRun,
  }),
  defineWorkerJob(evalRunJob, {
    handler: async () => (await import("./eval-run/eval-run.handler")).handleEvalRun,
    onFinalFailure: failTheRun,
  }),
  defineWorkerJob(ingestDatasetJob, {
    handler: async () => (await import("./ingest-dataset/ingest-dataset.handler")).handleIngestDataset,
    onFinalFailure: failTheIngestingDataset,
  }),
  // A failed audit leaves its dataset READY (its rows are sound); the handler records the audit's error.
  defineWorkerJob(auditDatasetJob, {
    handler: async () => (await import("./audit-dataset/audit-dataset.handler")).handleAuditDataset,
  }),
];

export function workerJobNamed(name: string, jobs = WORKER_JOBS): TWorkerJob | undefined {
  return jobs.find((workerJob) => workerJob.contract.name === name);
}

/** The processor of every queue: runs each job by its definition; `jobs` is replaced only by tests. */
export function processorFor(context: TJobContext, jobs = WORKER_JOBS) {
  return async (job: Job, token?: string) => {
    const workerJob = workerJobNamed(job.name, jobs);
    if (!workerJob) throw new Error(`unknown job '${job.name}'`);
    try {
      return await workerJob.run(job, context);
    } catch (error) {
      if (!(error instanceof JobHandedBackError)) throw error;
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };
}
