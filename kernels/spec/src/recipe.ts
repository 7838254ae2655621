import { z } from "zod";
import { CROSS_FIELD_RULE } from "./field-path";

const MAX_TOKENS = Number.MAX_SAFE_INTEGER;

/** Metrics a check can gate on: held-out bits per byte, held-out loss, mean accuracy over the suite's tasks. */
export const ZCheckMetric = z.enum(["val_bpb", "val_loss", "task_accuracy"]);
export type TCheckMetric = z.output<typeof ZCheckMetric>;

/** The direction in which each metric improves. */
export const CHECK_METRIC_DIRECTION: Record<TCheckMetric, "lower" | "higher"> = {
  val_bpb: "lower",
  val_loss: "lower",
  task_accuracy: "higher",
};

/**
 * The PASS/FAIL rule a proposal's check applies (see applyCheckRule): the head's mean of `metric` over the seeds
 * may be worse than the base's mean by at most `max_regression`, in the metric's own units. 0 means "no worse".
 */
export const ZCheckRule = z.strictObject({
  metric: ZCheckMetric,
  max_regression: z.number().min(0),
});
export type TCheckRule = z.output<typeof ZCheckRule>;

export const ZRecipe = z
  .strictObject({
    version: z.literal(1).default(1),
    /** Training tokens per run. */
    tokens: z.int().min(1).max(MAX_TOKENS),
    /** Tokens per optimizer step (batch size x sequence length). */
    batch_tokens: z.int().min(1).max(MAX_TOKENS),
    /** Sequence length for training; the data mix's seq_len when absent. */
    seq_len: z
      .int()
      .min(1)
      .max(1 << 24)
      .optional(),
    optimizer: z.strictObject({
      name: z.literal("adamw"),
      lr: z.number().positive(),
      betas: z.tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)]),
      weight_decay: z.number().min(0),
      /** Global gradient-norm clip; 0 turns clipping off. */
      grad_clip: z.number().min(0),
    }),
    schedule: z.strictObject({
      /** Linear warmup, in optimizer steps. */
      warmup: z.int().min(0),
      decay: z.enum(["cosine", "linear", "constant"]),
      /** Final learning rate as a fraction of `lr`. */
      min_lr_ratio: z.number().min(0).max(1),
    }),
    /** One run per seed; base and head use the same seeds so their results pair up. */
    seeds: z
      .array(
        z
          .int()
          .min(0)
          .max(2 ** 32 - 1),
      )
      .min(1)
      .max(64),
    /** Evaluate every this many optimizer steps. */
    eval_every: z.int().min(1).optional(),
    /** Held-out tokens per evaluation. */
    eval_tokens: z.int().min(1).max(MAX_TOKENS).optional(),
    check: ZCheckRule.default({ metric: "val_bpb", max_regression: 0 }),
  })
  .superRefine((recipe, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    if (recipe.batch_tokens > recipe.tokens) {
      issue(["batch_tokens"], `batch_tokens must be <= tokens (${recipe.batch_tokens} > ${recipe.tokens})`);
    }
    if (recipe.seq_len !== undefined && recipe.batch_tokens % recipe.seq_len !== 0) {
      issue(
        ["batch_tokens"],
        `batch_tokens must be a multiple of seq_len (${recipe.batch_tokens} % ${recipe.seq_len} != 0)`,
      );
    }
    const steps = recipeSteps(recipe);
    if (recipe.schedule.warmup > steps) {
      issue(["schedule", "warmup"], `schedule.warmup must be <= the ${steps} optimizer steps of the run`);
    }
    const seen = new Set<number>();
    recipe.seeds.forEach((seed, i) => {
      if (seen.has(seed)) issue(["seeds", i], `seeds[${i}] repeats seed ${seed}`);
      seen.add(seed);
    });
  }, CROSS_FIELD_RULE);

export type TRecipe = z.output<typeof ZRecipe>;
export type TRecipeInput = z.input<typeof ZRecipe>;

/** Optimizer steps of one run: tokens / batch_tokens, the last partial batch dropped. */
export function recipeSteps(recipe: Pick<TRecipe, "tokens" | "batch_tokens">): number {
  return Math.floor(recipe.tokens / recipe.batch_tokens);
}

export type TCheckVerdict = "PASS" | "FAIL";

/**
 * Applies a check rule to the base's and head's seed means of its metric. The regression is how much worse the
 * head is (head - base for lower-is-better metrics, base - head otherwise); PASS when it is <= max_regression.
 * A non-finite mean (a diverged run) fails.
 */
export function applyCheckRule(rule: TCheckRule, means: { base: number; head: number }): TCheckVerdict {
  if (!Number.isFinite(means.base) || !Number.isFinite(means.head)) return "FAIL";
  const regression =
    CHECK_METRIC_DIRECTION[rule.metric] === "lower" ? means.head - means.base : means.base - means.head;
  return regression <= rule.max_regression ? "PASS" : "FAIL";
}
