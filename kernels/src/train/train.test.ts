import { describe, expect, it } from "vitest";
import { testDevice } from "../runtime/testing";
import { Rng } from "../runtime/random";
import { describeAdapter } from "../runtime/device";
import { train, planTraining, type StepInfo } from "./train";
import { learningRate } from "./schedule";

// A learnable toy stream: each token mostly determines the next.
function tokens(n: number, vocab: number, seed: number): Uint16Array {
  const rng = new Rng(seed);
  const out = new Uint16Array(n);
  for (let i = 1; i < n; i++) out[i] = rng.next() < 0.8 ? (out[i - 1]! * 7 + 3) % vocab : rng.int(vocab);
  return out;
}

const peerArch = {
  vocab: 64,
  d_model: 32,
  norm: "layernorm",
  tie_embeddings: true,
  positional: "learned",
  max_seq: 16,
  layers: [
    { type: "attention", heads: 4, rope: false, bias: true },
    { type: "mlp", d_ff: 64, act: "gelu", bias: true },
  ],
};
const modernArch = {
  vocab: 64,
  d_model: 32,
  norm: "rmsnorm",
  tie_embeddings: false,
  positional: "rope",
  layers: [
    { type: "attention", heads: 4, kv_heads: 2, rope: true },
    { type: "mlp", d_ff: 48, act: "swiglu" },
  ],
};
// Attention and Mamba-2 mixed: sequences of 16 make two chunks of 8 (the engine refused mamba2 before).
const hybridArch = {
  ...modernArch,
  layers: [
    { type: "attention", heads: 4, kv_heads: 2, rope: true },
    { type: "mlp", d_ff: 48, act: "swiglu" },
    { type: "mamba2", d_state: 16, expand: 2, head_dim: 16, chunk: 8 },
    { type: "mlp", d_ff: 48, act: "swiglu" },
  ],
};
const recipe = (steps: number, extra: Record<string, unknown> = {}) => ({
  tokens: steps * 64,
  batch_tokens: 64,
  seq_len: 16,
  optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1.0 },
  schedule: { warmup: 2, decay: "cosine", min_lr_ratio: 0.1 },
  seeds: [1],
  eval_tokens: 64,
  ...extra,
});
const trainTokens = tokens(4000, 64, 1);
const valTokens = tokens(500, 64, 2);

describe("train", () => {
  it("describeAdapter reports the lavapipe CPU adapter here", async () => {
    const info = await describeAdapter({ preferCpu: true });
    expect(info.kind).toBe("cpu");
    expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  });

  for (const [name, arch] of [
    ["peer GPT (learned pos, layernorm, gelu, tied)", peerArch],
    ["rope + GQA + rmsnorm + swiglu, untied", modernArch],
    ["hybrid attention + mamba2", hybridArch],
  ] as const) {
    it(`${name}: loss falls, eval and profile are reported`, async () => {
      const device = await testDevice();
      const losses: number[] = [];
      const result = await train({
        architecture: arch,
        recipe: recipe(30),
        train: trainTokens,
        val: valTokens,
        seed: 1,
        device,
        onStep: (_, s) => losses.push(s.loss),
        profileEvery: 10,
      });
      expect(losses).toHaveLength(30);
      expect(losses[0]).toBeGreaterThan(Math.log(64) - 0.3);
      expect(result.finalLoss).toBeLessThan(losses[0]! - 0.5);
      expect(result.evalLoss).toBeLessThan(losses[0]!);
      expect(result.profile.some((k) => k.kernel === "attention_fwd" && k.calls === 1)).toBe(true);
      expect(result.peakBytes).toBeGreaterThan(0);
    });
  }

  for (const [name, arch] of [
    ["GPT", modernArch],
    ["hybrid", hybridArch],
  ] as const)
    it(`${name} resumes from a checkpoint with exactly the same loss curve`, async () => {
      const device = await testDevice();
      const run = (
        steps: number[],
        checkpoint?: Parameters<typeof train>[0]["checkpoint"],
        signal?: AbortSignal,
        onStep?: (s: number, i: StepInfo) => void,
      ) =>
        train({
          architecture: arch,
          recipe: recipe(8),
          train: trainTokens,
          val: valTokens,
          seed: 5,
          device,
          checkpoint,
          signal,
          profileEvery: 0,
          onStep: (s, i) => {
            steps[s] = i.loss;
            onStep?.(s, i);
          },
        });
      const straight: number[] = [];
      await run(straight);

      let saved: Uint8Array | null = null;
      const store = {
        everySteps: 4,
        save: async (b: Uint8Array) => void (saved = b),
        load: async () => saved,
      };
      const abort = new AbortController();
      const first: number[] = [];
      await expect(run(first, store, abort.signal, (s) => s === 5 && abort.abort())).rejects.toMatchObject({
        name: "AbortError",
      });
      expect(saved).not.toBeNull();
      const resumed: number[] = [];
      await run(resumed, store);
      expect([0, 1, 2, 3].some((step) => step in resumed)).toBe(false);
      expect(resumed.slice(4)).toEqual(straight.slice(4));
      expect(first.slice(0, 4)).toEqual(straight.slice(0, 4));
    });

  it("stops on a non-finite loss with the step number", async () => {
    const device = await testDevice();
    const bad = recipe(6, {
      optimizer: { name: "adamw", lr: 1e30, betas: [0.9, 0.95], weight_decay: 0, grad_clip: 0 },
      schedule: { warmup: 0, decay: "constant", min_lr_ratio: 1 },
    });
    await expect(
      train({
        architecture: peerArch,
        recipe: bad,
        train: trainTokens,
        val: valTokens,
        seed: 1,
        device,
        profileEvery: 0,
      }),
    ).rejects.toThrow(/loss is (NaN|Infinity|-Infinity) at step \d/);
  });

  it("rejects bad specs before any GPU work, naming the field", async () => {
    const base = { recipe: recipe(4), train: trainTokens, val: valTokens, seed: 1 };
    const plan =
      (architecture: unknown, r: unknown = base.recipe) =>
      () =>
        planTraining({ ...base, architecture, recipe: r });
    expect(plan({ ...modernArch, layers: [{ type: "attention", heads: 5, rope: true }] })).toThrow(
      /architecture\.layers\[0\]\.heads/,
    );
    expect(plan({ ...modernArch, vocab: 0 })).toThrow(/architecture\.vocab/);
    expect(
      plan(modernArch, {
        ...recipe(4),
        optimizer: { name: "adamw", lr: NaN, betas: [0.9, 0.95], weight_decay: 0, grad_clip: 1 },
      }),
    ).toThrow(/recipe\.optimizer\.lr/);
    expect(plan({ ...modernArch, vocab: 32 })).toThrow(/train: token \d+ at index \d+ is outside vocab 32/);
    const device = await testDevice();
    const moe = {
      ...modernArch,
      layers: [{ type: "moe", experts: 4, top_k: 2, d_ff: 16, capacity_factor: 1.25, aux_loss: 0.01 }],
    };
    await expect(train({ ...base, architecture: moe, device })).rejects.toThrow(
      /architecture\.layers\[0\]\.type: moe layers are not implemented/,
    );
    const huge = { ...modernArch, vocab: 1 << 20 };
    const bigTokens = { train: new Uint32Array(100), val: new Uint32Array(100) };
    await expect(train({ ...base, ...bigTokens, architecture: huge, device })).rejects.toThrow(
      /architecture\.vocab: needs a \d+ MiB buffer/,
    );
  });

  it("schedule: warmup, cosine to min_lr_ratio", () => {
    const r = {
      optimizer: {
        name: "adamw" as const,
        lr: 1,
        betas: [0.9, 0.95] as [number, number],
        weight_decay: 0,
        grad_clip: 0,
      },
      schedule: { warmup: 10, decay: "cosine" as const, min_lr_ratio: 0.1 },
    };
    expect(learningRate(r, 0, 100)).toBeCloseTo(0.1);
    expect(learningRate(r, 9, 100)).toBeCloseTo(1);
    expect(learningRate(r, 10, 100)).toBeCloseTo(1);
    expect(learningRate(r, 99, 100)).toBeCloseTo(0.1);
  });
});
