// What a run records in Postgres besides its state: the loss curve (RunMetric rows), and the JSON of
// Run.final, Run.cost and Run.profile, typed once here for the workers that write them, the results that read
// them and the web that draws them. The columns' codecs are in ./json-columns.
import { z } from "zod";

/** One training step, as the curve records it (a RunMetric row without its run and evaluation). */
export type TMetricPoint = { step: number; tokens: number; loss: number; lr: number; ms: number };

export const ZSourceScore = z.object({ loss: z.number(), bpb: z.number(), tokens: z.number() });
export type TSourceScore = z.output<typeof ZSourceScore>;

/** One eval task's score: the share of its items answered right (summed and per-token log-likelihood). */
export const ZTaskScore = z.object({ accuracy: z.number(), accuracyPerToken: z.number(), items: z.number() });
export type TTaskScore = z.output<typeof ZTaskScore>;

/** Written by train-run (training figures) then completed by eval-run (held-out scores). */
export const ZRunFinal = z.object({
  steps: z.number(),
  /** null when the attempt that finished trained no step (it resumed from the final checkpoint). */
  trainLoss: z.number().nullable(),
  evalLoss: z.number(),
  valLoss: z.number().optional(),
  valBpb: z.number().optional(),
  sources: z.record(z.string(), ZSourceScore).optional(),
  /** Per eval task of the suite (absent when the suite has none). */
  tasks: z.record(z.string(), ZTaskScore).optional(),
  /** Mean accuracy over the suite's tasks: the check metric task_accuracy. */
  taskAccuracy: z.number().optional(),
});
export type TRunFinal = z.output<typeof ZRunFinal>;

/**
 * Throughput figures, written when training ends. The GPU-seconds a run held, over all its attempts and
 * evaluation included, are Run.gpuSeconds.
 */
export const ZRunCost = z.object({
  /** Training time alone; null when the attempt that finished trained no step (see trainLoss). */
  trainSeconds: z.number().nullable(),
  tokens: z.number(),
  tokensPerSecond: z.number(),
  peakBytes: z.number(),
  flops: z.number(),
  /** The adapter class that trained it: gpu or cpu. */
  adapter: z.string(),
});
export type TRunCost = z.output<typeof ZRunCost>;

export const ZKernelTime = z.object({ kernel: z.string(), ms: z.number(), calls: z.number() });
export type TKernelTime = z.output<typeof ZKernelTime>;

/** A figure that may be NaN or infinite as the JSON columns store it: null (JSON has no NaN). */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
