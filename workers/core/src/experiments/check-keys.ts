// Names shared by the web (which queues and cancels) and the workers (which run and report).
import type { CheckKind, Prisma } from "@forge/db";
import { z } from "zod";
import { ZCheckResults } from "./results";

/** The one kind of check this module runs: head vs base training at proxy scale. */
export const TRAINING_CHECK_KIND = "training" satisfies CheckKind;

/** Comment.systemKey of a check's results comment: unique, so a retried job posts it once. */
export const resultsCommentKey = (checkId: string) => `check-results-${checkId}`;

/** BullMQ job ids: one train and one eval job per run, so enqueueing twice adds nothing. */
export const trainJobId = (runId: string) => `train-run-${runId}`;
export const evalJobId = (runId: string) => `eval-run-${runId}`;

/** Object-store key of a run's checkpoint (the latest one; the final one once training ends). */
export const checkpointKey = (runId: string) => `checkpoints/${runId}.ckpt`;

/**
 * Runs inside the transaction that makes a check or run change, only when the change is made: the web writes
 * its audit event there, so neither exists without the other.
 */
export type TWithinTransaction = (tx: Prisma.TransactionClient, ids: { checkId: string }) => Promise<unknown>;

export const ACTIVE_CHECK_STATES = ["AWAITING_APPROVAL", "QUEUED", "RUNNING"] as const;
export const TERMINAL_RUN_STATES = ["SUCCEEDED", "FAILED", "CANCELLED"] as const;

/** What a check records in Check.summary: how it was queued, who acted on it, and its results once posted. */
export const ZCheckSummary = z.object({
  baseRevision: z.string(),
  headRevision: z.string(),
  seeds: z.array(z.number()),
  /** Optimizer steps of one run of each side, for progress and ETA. */
  steps: z.object({ base: z.number(), head: z.number() }),
  estimate: z.object({ gpuSeconds: z.number(), adapter: z.string(), flopsPerSecond: z.number() }),
  budget: z.object({ spentGpuSeconds: z.number(), limitGpuSeconds: z.number() }),
  requestedBy: z.string().nullable(),
  approvedBy: z.string().optional(),
  cancelledBy: z.string().optional(),
  error: z.string().optional(),
  results: ZCheckResults.optional(),
});
export type TCheckSummary = z.output<typeof ZCheckSummary>;
