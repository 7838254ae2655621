import { UnrecoverableError, WaitingError, type Job } from "bullmq";
import type { PrismaClient } from "@forge/db";
import type { Redis } from "ioredis";
import { JOBS } from "@forge/core/contracts";
import type { TWorkerEnv } from "../env";
import type { WorkerRegistration } from "../registration";

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

export type TJobHandler = (job: Job, payload: unknown, context: TJobContext) => Promise<unknown>;

// Handlers load lazily so a worker pays only for the jobs it runs (the engine pulls in Dawn).
const HANDLERS: Record<string, () => Promise<TJobHandler>> = {
  "train-run": async () => (await import("./train-run/train-run.handler")).handleTrainRun as TJobHandler,
  "eval-run": async () => (await import("./eval-run/eval-run.handler")).handleEvalRun as TJobHandler,
  "ingest-dataset": async () => (await import("./ingest-dataset/ingest-dataset.handler")).handleIngestDataset,
  "audit-dataset": async () => (await import("./audit-dataset/audit-dataset.handler")).handleAuditDataset,
};

export function processorFor(context: TJobContext) {
  return async (job: Job, token?: string) => {
    const definition = JOBS.find((d) => d.name === job.name);
    if (!definition) throw new Error(`unknown job '${job.name}'`);
    const load = HANDLERS[job.name];
    if (!load) throw new Error(`this worker has no handler for '${job.name}'`);
    // A malformed payload fails the same way on every attempt, so it is not retried.
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "payload";
      throw new UnrecoverableError(
        `invalid ${job.name} payload: ${field} ${issue?.message ?? "is malformed"}`,
      );
    }
    const payload = parsed.data;
    const handler = await load();
    try {
      return await handler(job, payload, context);
    } catch (error) {
      if (!(error instanceof JobHandedBackError)) throw error;
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };
}
