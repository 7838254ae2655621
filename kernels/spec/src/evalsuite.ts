import { z } from "zod";

const uniqueList = <T extends z.ZodType<string | number>>(item: T, what: string) =>
  z.array(item).superRefine((items, ctx) => {
    const seen = new Set<unknown>();
    items.forEach((value, i) => {
      if (seen.has(value))
        ctx.addIssue({ code: "custom", path: [i], message: `${what} repeats ${JSON.stringify(value)}` });
      seen.add(value);
    });
  });

/**
 * The eval tasks this platform can build and score: multiple-choice items from packaged data (the workers
 * build them; see workers/core/src/data/tasks). A suite naming any other task is refused at validation, before
 * any run is queued.
 */
export const EVAL_TASK_NAMES = ["quiz-cloze", "wordnet-definitions"] as const;
export type TEvalTaskName = (typeof EVAL_TASK_NAMES)[number];
export const isEvalTaskName = (name: string): name is TEvalTaskName =>
  (EVAL_TASK_NAMES as readonly string[]).includes(name);

/** Items per task when the suite does not say; small, so a check on a CPU worker stays quick. */
export const DEFAULT_TASK_ITEMS = 64;
export const MAX_TASK_ITEMS = 4096;

export const ZEvalsuite = z.strictObject({
  version: z.literal(1).default(1),
  /** Held-out metric: bits per byte on each source's held-out split, or on the mix as a whole. */
  heldout: z.enum(["per_source_bits_per_byte", "bits_per_byte"]),
  /** Verifier-scored tasks built from packaged data, by name. */
  tasks: uniqueList(
    z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be a task name (a-z, 0-9, '_', '-')"),
    "tasks",
  )
    .max(64)
    .superRefine((tasks, ctx) => {
      tasks.forEach((task, i) => {
        if (!isEvalTaskName(task) && /^[a-z0-9][a-z0-9_-]{0,63}$/.test(task)) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `tasks[${i}] is not a known task (${JSON.stringify(task)}); known tasks: ${EVAL_TASK_NAMES.join(", ")}`,
          });
        }
      });
    }),
  /** Items scored per task (each task builds this many, fewer when its data has fewer). */
  task_items: z.int().min(1).max(MAX_TASK_ITEMS).default(DEFAULT_TASK_ITEMS),
  /** Post-training quantization formats to evaluate the trained fp32 model in. */
  ptq: uniqueList(z.enum(["fp8", "nvfp4"]), "ptq").default([]),
  inference_profile: z.strictObject({
    /** Context lengths to measure inference at, strictly ascending. */
    contexts: z
      .array(
        z
          .int()
          .min(1)
          .max(1 << 24),
      )
      .min(1)
      .max(32)
      .superRefine((contexts, ctx) => {
        contexts.forEach((context, i) => {
          const previous = contexts[i - 1];
          if (previous !== undefined && context <= previous) {
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `inference_profile.contexts must be strictly ascending (${previous} then ${context})`,
            });
          }
        });
      }),
  }),
});

export type TEvalsuite = z.output<typeof ZEvalsuite>;
export type TEvalsuiteInput = z.input<typeof ZEvalsuite>;
