import { describe, expect, it } from "vitest";
import { testDevice } from "../runtime/testing";
import { Rng } from "../runtime/random";
import { train } from "./train";
import { evaluateCheckpoint } from "./evaluate";

const arch = {
  vocab: 32,
  d_model: 16,
  norm: "rmsnorm",
  tie_embeddings: true,
  positional: "rope",
  layers: [
    { type: "attention", heads: 2, rope: true },
    { type: "mlp", d_ff: 32, act: "gelu" },
  ],
};
const T = 8;

function tokens(n: number, seed: number): Uint16Array {
  const rng = new Rng(seed);
  return Uint16Array.from({ length: n }, () => rng.int(32));
}

describe("evaluateCheckpoint", () => {
  it("scores each source on exactly the wanted windows, whatever the batch size", async () => {
    const device = await testDevice();
    let saved: Uint8Array | null = null;
    const recipe = {
      tokens: 4 * 32,
      batch_tokens: 32,
      seq_len: T,
      optimizer: { name: "adamw", lr: 1e-2, betas: [0.9, 0.95], weight_decay: 0, grad_clip: 1 },
      schedule: { warmup: 0, decay: "constant", min_lr_ratio: 1 },
      seeds: [3],
      eval_tokens: 32,
    };
    const store = { everySteps: 4, save: async (b: Uint8Array) => void (saved = b), load: async () => null };
    await train({
      architecture: arch,
      recipe,
      train: tokens(2000, 1),
      val: tokens(200, 2),
      seed: 3,
      device,
      checkpoint: store,
      profileEvery: 0,
    });
    expect(saved).not.toBeNull();
    const checkpoint = saved as unknown as Uint8Array;
    const sources = { a: tokens(5 * T + 1, 4), b: tokens(100, 5), short: tokens(T, 6) };
    const byFour = await evaluateCheckpoint({
      architecture: arch,
      checkpoint,
      tokens: sources,
      seqLen: T,
      batch: 4,
      maxTokens: 6 * T,
      device,
    });
    const byTwo = await evaluateCheckpoint({
      architecture: arch,
      checkpoint,
      tokens: sources,
      seqLen: T,
      batch: 2,
      maxTokens: 6 * T,
      device,
    });
    expect(Object.keys(byFour).sort()).toEqual(["a", "b"]);
    expect(byFour.a!.tokens).toBe(5 * T); // all 5 windows: fewer than maxTokens allows
    expect(byFour.b!.tokens).toBe(6 * T); // capped by maxTokens
    for (const name of ["a", "b"]) {
      expect(byFour[name]!.loss).toBeGreaterThan(0);
      expect(Math.abs(byFour[name]!.loss - byTwo[name]!.loss)).toBeLessThan(1e-5 * byTwo[name]!.loss);
    }
    const other = { ...arch, d_model: 32 };
    await expect(
      evaluateCheckpoint({ architecture: other, checkpoint, tokens: sources, seqLen: T, batch: 2, device }),
    ).rejects.toThrow(/another architecture/);
  });
});
