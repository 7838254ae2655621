import { describe, expect, it } from "vitest";
import { zodIssuesToErrors } from "./field-path";
import { applyCheckRule, recipeSteps, ZRecipe, type TRecipeInput } from "./recipe";

const recipe = (): TRecipeInput => ({
  tokens: 20_000_000,
  batch_tokens: 16384,
  optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1.0 },
  schedule: { warmup: 200, decay: "cosine", min_lr_ratio: 0.1 },
  seeds: [1, 2, 3],
});
const errorsOf = (input: unknown) => {
  const result = ZRecipe.safeParse(input);
  return result.success ? [] : zodIssuesToErrors(result.error.issues);
};

describe("ZRecipe", () => {
  it("defaults the check to 'val_bpb no worse than base'", () => {
    expect(ZRecipe.parse(recipe()).check).toEqual({ metric: "val_bpb", max_regression: 0 });
    expect(ZRecipe.parse(recipe()).version).toBe(1);
  });

  it("refuses non-finite or non-positive learning rates and bad betas", () => {
    for (const lr of [0, -1e-3, Infinity, NaN]) {
      expect(errorsOf({ ...recipe(), optimizer: { ...recipe().optimizer, lr } }).map((e) => e.path)).toEqual([
        "optimizer.lr",
      ]);
    }
    expect(
      errorsOf({ ...recipe(), optimizer: { ...recipe().optimizer, betas: [0.9, 1] } }).map((e) => e.path),
    ).toEqual(["optimizer.betas[1]"]);
    expect(
      errorsOf({ ...recipe(), optimizer: { ...recipe().optimizer, betas: [0.9] } }).map((e) => e.path),
    ).toEqual(["optimizer.betas"]);
    expect(
      errorsOf({ ...recipe(), optimizer: { ...recipe().optimizer, name: "sgd" } }).map((e) => e.path),
    ).toEqual(["optimizer.name"]);
  });

  it("needs at least one seed, integers, no repeats", () => {
    expect(errorsOf({ ...recipe(), seeds: [] }).map((e) => e.path)).toEqual(["seeds"]);
    expect(errorsOf({ ...recipe(), seeds: [1, 2.5] }).map((e) => e.path)).toEqual(["seeds[1]"]);
    expect(errorsOf({ ...recipe(), seeds: [1, 2, 1] })).toEqual([
      { path: "seeds[2]", message: "seeds[2] repeats seed 1" },
    ]);
  });

  it("checks the budget against the batch, the sequence and the warmup", () => {
    expect(errorsOf({ ...recipe(), tokens: 1000 })).toEqual([
      { path: "batch_tokens", message: "batch_tokens must be <= tokens (16384 > 1000)" },
      { path: "schedule.warmup", message: "schedule.warmup must be <= the 0 optimizer steps of the run" },
    ]);
    expect(errorsOf({ ...recipe(), seq_len: 1000 })).toEqual([
      { path: "batch_tokens", message: "batch_tokens must be a multiple of seq_len (16384 % 1000 != 0)" },
    ]);
    expect(errorsOf({ ...recipe(), seq_len: 256, eval_every: 100, eval_tokens: 65536 })).toEqual([]);
  });

  it("accepts every decay and refuses unknown fields", () => {
    for (const decay of ["cosine", "linear", "constant"]) {
      expect(errorsOf({ ...recipe(), schedule: { ...recipe().schedule, decay } })).toEqual([]);
    }
    expect(errorsOf({ ...recipe(), lr: 1 })).toEqual([{ path: "lr", message: "unknown field" }]);
  });
});

describe("recipeSteps", () => {
  it("drops the last partial batch", () => {
    expect(recipeSteps({ tokens: 20_000_000, batch_tokens: 16384 })).toBe(1220);
  });
});

describe("applyCheckRule", () => {
  const bpb = { metric: "val_bpb" as const, max_regression: 0 };
  it("passes a lower-is-better metric when the head is no worse", () => {
    expect(applyCheckRule(bpb, { base: 1.5, head: 1.5 })).toBe("PASS");
    expect(applyCheckRule(bpb, { base: 1.5, head: 1.49 })).toBe("PASS");
    expect(applyCheckRule(bpb, { base: 1.5, head: 1.5001 })).toBe("FAIL");
    expect(applyCheckRule({ ...bpb, max_regression: 0.01 }, { base: 1.5, head: 1.505 })).toBe("PASS");
  });

  it("turns the comparison around for higher-is-better metrics", () => {
    const accuracy = { metric: "task_accuracy" as const, max_regression: 0.02 };
    expect(applyCheckRule(accuracy, { base: 0.5, head: 0.49 })).toBe("PASS");
    expect(applyCheckRule(accuracy, { base: 0.5, head: 0.47 })).toBe("FAIL");
  });

  it("fails diverged runs", () => {
    expect(applyCheckRule(bpb, { base: 1.5, head: NaN })).toBe("FAIL");
    expect(applyCheckRule(bpb, { base: Infinity, head: 1 })).toBe("FAIL");
  });
});
