import { UnrecoverableError, type Job } from "bullmq";
import type { z } from "zod";
import type { PrismaClient } from "@forge/db";
import { readJobData, type TJobContract, type TPayloadSchema } from "@forge/core/contracts";
import type { TJobContext } from "./registry";

export type TJobHandler<P> = (job: Job, payload: P, context: TJobContext) => Promise<unknown>;

export type TFinalFailure = { prisma: PrismaClient; reason: string };

/** Ends what a job worked on once the job has failed for good; see finalFailurePolicy. */
export type TFinalFailurePolicy = (data: unknown, failure: TFinalFailure) => Promise<void>;

/**
 * A final-failure policy reads only the fields naming what it ends (a run, a dataset), not the whole payload
 * at its version: a job can fail for good because its payload could not be read, and what it worked on must
 * still end. Data without those fields is left alone.
 */
export function finalFailurePolicy<F extends z.ZodType>(
  fields: F,
  end: (fields: z.output<F>, failure: TFinalFailure) => Promise<void>,
): TFinalFailurePolicy {
  return async (data, failure) => {
    const read = fields.safeParse(data);
    if (read.success) await end(read.data, failure);
  };
}

/** A job as this worker runs it: its contract, bound to a lazily loaded handler and a final-failure policy. */
export type TWorkerJob = {
  contract: TJobContract;
  /** Reads the job's data at the contract's version, loads the handler and runs it. */
  run: (job: Job, context: TJobContext) => Promise<unknown>;
  onFinalFailure?: TFinalFailurePolicy;
};

export function defineWorkerJob<S extends TPayloadSchema>(
  contract: TJobContract<S>,
  binding: {
    /** Loaded on the first job, so a worker pays only for the jobs it runs (the engine pulls in Dawn). */
    handler: () => Promise<TJobHandler<z.output<S>>>;
    onFinalFailure?: TFinalFailurePolicy;
  },
): TWorkerJob {
  return {
    contract,
    onFinalFailure: binding.onFinalFailure,
    run: async (job, context) => {
      // An unreadable payload or version fails the same way on every attempt, so it is not retried.
      const read = readJobData(contract, job.data);
      if (!read.success) throw new UnrecoverableError(read.reason);
      const handle = await binding.handler();
      return handle(job, read.payload, context);
    },
  };
}
