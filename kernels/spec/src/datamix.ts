import { z } from "zod";
import { CROSS_FIELD_RULE } from "./field-path";
import { ZDatasetName } from "./dataset-card";

/** How far the shares may sum from 1: room for decimal shares like 0.1 + 0.2, nothing a slider could produce. */
export const SHARE_SUM_TOLERANCE = 1e-6;

export const ZDatamix = z
  .strictObject({
    version: z.literal(1).default(1),
    /** Dataset name -> fraction of training tokens drawn from it. */
    sources: z.record(ZDatasetName, z.number().min(0).max(1)),
    /** Tokenizer artifact name. */
    tokenizer: z.string().min(1).max(128),
    seq_len: z
      .int()
      .min(1)
      .max(1 << 24),
  })
  .superRefine((mix, ctx) => {
    const shares = Object.values(mix.sources);
    if (shares.length === 0) {
      ctx.addIssue({ code: "custom", path: ["sources"], message: "sources must name at least one dataset" });
      return;
    }
    const sum = shares.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
      ctx.addIssue({
        code: "custom",
        path: ["sources"],
        message: `sources shares must sum to 1 (they sum to ${sum})`,
      });
    }
  }, CROSS_FIELD_RULE);

export type TDatamix = z.output<typeof ZDatamix>;
export type TDatamixInput = z.input<typeof ZDatamix>;
