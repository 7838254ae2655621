// The JSON a run accumulates in Postgres (Run.metrics, Run.final, Run.cost, Run.profile), typed once here
// for the workers that write it, the results that read it and the web that draws it.

/** One training step; evalLoss on steps where the recipe evaluated. */
export type TMetricPoint = {
  step: number;
  tokens: number;
  loss: number;
  lr: number;
  ms: number;
  evalLoss?: number;
};

export type TSourceScore = { loss: number; bpb: number; tokens: number };

/** One eval task's score: the share of its items answered right (summed and per-token log-likelihood). */
export type TTaskScore = { accuracy: number; accuracyPerToken: number; items: number };

/** Written by train-run (training figures) then completed by eval-run (held-out scores). */
export type TRunFinal = {
  steps: number;
  trainLoss: number;
  evalLoss: number;
  valLoss?: number;
  valBpb?: number;
  sources?: Record<string, TSourceScore>;
  /** Per eval task of the suite (absent when the suite has none). */
  tasks?: Record<string, TTaskScore>;
  /** Mean accuracy over the suite's tasks: the check metric task_accuracy. */
  taskAccuracy?: number;
};

export type TRunCost = {
  /** Device time the run held: training, evaluation, checkpoints, over all attempts. */
  gpuSeconds: number;
  /** Training time alone, for throughput. */
  trainSeconds: number;
  tokens: number;
  tokensPerSecond: number;
  peakBytes: number;
  flops: number;
  adapter: string;
  /** Set on a base run copied from an earlier identical one: the id of that run. */
  reused?: string;
};

export type TKernelTime = { kernel: string; ms: number; calls: number };
