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

/** Written by train-run (training figures) then completed by eval-run (held-out scores). */
export type TRunFinal = {
  steps: number;
  trainLoss: number;
  evalLoss: number;
  valLoss?: number;
  valBpb?: number;
  sources?: Record<string, TSourceScore>;
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
