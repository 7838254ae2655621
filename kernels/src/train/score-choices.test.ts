import { describe, expect, it } from "vitest";
import { ZArchitecture, hashArtifact } from "@forge/spec";
import { testDevice } from "../runtime/testing";
import { Rng } from "../runtime/random";
import { buildModel } from "../models/network";
import { forwardLossesRef } from "../models/network.ref";
import { ENGINE_VERSION } from "@forge/spec";
import { encodeCheckpoint } from "./checkpoint";
import { train } from "./train";
import { scoreChoices, type ChoiceItem } from "./evaluate";

const V = 32;
const T = 8;
const arch = ZArchitecture.parse({
  vocab: V,
  d_model: 16,
  norm: "rmsnorm",
  tie_embeddings: true,
  positional: "rope",
  layers: [
    { type: "attention", heads: 2, kv_heads: 1, rope: true },
    { type: "mlp", d_ff: 32, act: "swiglu" },
  ],
});

const ids = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(V));

/** Items of 2 to 4 choices; one context is longer than a window, so it loses tokens from its start. */
function items(seed: number, count: number): ChoiceItem[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const context = ids(rng, i === 1 ? T + 5 : 1 + rng.int(4));
    const choices = Array.from({ length: 2 + (i % 3) }, () => ({
      context,
      continuation: ids(rng, 1 + rng.int(3)),
    }));
    return { choices, answer: rng.int(choices.length) };
  });
}

describe("scoreChoices", () => {
  it("scores each choice's continuation like the CPU reference forward, whatever the batch size", async () => {
    const device = await testDevice();
    // Random weights large enough that the choices' scores differ clearly.
    const net = buildModel(arch, device, { seed: 1, batch: 1, seqLen: T });
    const layout = net.layout;
    net.release();
    const rng = new Rng(7);
    const params = new Float32Array(layout.total);
    for (const entry of layout.entries) {
      for (let i = 0; i < entry.length; i++)
        params[entry.offset + i] = entry.name.endsWith("norm.w") ? 1 : (rng.next() - 0.5) * 0.8;
    }
    const checkpoint = encodeCheckpoint({
      header: {
        engine: ENGINE_VERSION,
        step: 0,
        seed: 1,
        paramCount: layout.total,
        archHash: hashArtifact(arch),
      },
      params,
      m: new Float32Array(layout.total),
      v: new Float32Array(layout.total),
    });
    // 7 + 4 items of 2-4 choices: 27 windows, not a multiple of either batch size.
    const tasks = { first: items(1, 7), second: items(2, 4) };
    const byThree = await scoreChoices({
      architecture: arch,
      checkpoint,
      tasks,
      seqLen: T,
      batch: 3,
      device,
    });
    const byFour = await scoreChoices({
      architecture: arch,
      checkpoint,
      tasks,
      seqLen: T,
      batch: 4,
      padToken: V - 1,
      device,
    });

    for (const [task, taskItems] of Object.entries(tasks)) {
      const scored = byThree[task]!;
      expect(scored.items).toBe(taskItems.length);
      let correct = 0;
      taskItems.forEach((item, i) => {
        const expected = item.choices.map(({ context, continuation }) => {
          // The unpadded sequence on the CPU: T' = its own length, so no padding is involved at all.
          const sequence = [...Array.from(context), ...Array.from(continuation)].slice(-(T + 1));
          const n = sequence.length - 1;
          const losses = forwardLossesRef(
            arch,
            layout,
            params,
            Uint32Array.from(sequence.slice(0, -1)),
            Uint32Array.from(sequence.slice(1)),
            1,
            n,
          );
          let nats = 0;
          for (let t = n - continuation.length; t < n; t++) nats += losses[t]!;
          return -nats;
        });
        const got = scored.perItem[i]!;
        expected.forEach((ll, c) => {
          expect(Math.abs(got.logLikelihood[c]! - ll)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ll)));
          expect(Math.abs(byFour[task]!.perItem[i]!.logLikelihood[c]! - ll)).toBeLessThan(
            1e-4 * Math.max(1, Math.abs(ll)),
          );
          expect(got.perToken[c]).toBeCloseTo(
            got.logLikelihood[c]! / item.choices[c]!.continuation.length,
            6,
          );
        });
        const best = expected.indexOf(Math.max(...expected));
        expect(got.predicted).toBe(best);
        expect(got.correct).toBe(best === item.answer);
        if (best === item.answer) correct++;
      });
      expect(scored.accuracy).toBeCloseTo(correct / taskItems.length, 10);
    }
  });

  it("a trained model answers items that follow the rule of its training stream", async () => {
    // Each token is mostly followed by (7·token + 3) mod 64: after 30 steps the model knows the next token.
    const vocab = 64;
    const rule = (token: number) => (token * 7 + 3) % vocab;
    const rng = new Rng(3);
    const stream = new Uint16Array(4000);
    for (let i = 1; i < stream.length; i++)
      stream[i] = rng.next() < 0.8 ? rule(stream[i - 1]!) : rng.int(vocab);
    const learnable = {
      ...arch,
      vocab,
      d_model: 32,
      layers: [arch.layers[0], { type: "mlp", d_ff: 64, act: "gelu" }],
    };
    let checkpoint: Uint8Array | null = null;
    await train({
      architecture: learnable,
      recipe: {
        tokens: 30 * 64,
        batch_tokens: 64,
        seq_len: 16,
        optimizer: { name: "adamw", lr: 1e-2, betas: [0.9, 0.95], weight_decay: 0, grad_clip: 1 },
        schedule: { warmup: 2, decay: "cosine", min_lr_ratio: 0.1 },
        seeds: [1],
        eval_tokens: 64,
      },
      train: stream,
      val: stream.subarray(0, 200),
      seed: 1,
      device: await testDevice(),
      checkpoint: {
        everySteps: 30,
        save: async (bytes) => void (checkpoint = bytes),
        load: async () => null,
      },
      profileEvery: 0,
    });
    // 20 items: a context of 3 rule-following tokens; the answer continues the rule, 3 distractors do not.
    const items: ChoiceItem[] = Array.from({ length: 20 }, () => {
      const first = rng.int(vocab);
      const context = [first, rule(first), rule(rule(first))];
      const right = rule(context[2]!);
      const wrong = new Set<number>();
      while (wrong.size < 3) {
        const token = rng.int(vocab);
        if (token !== right) wrong.add(token);
      }
      const choices = [right, ...wrong].map((token) => ({ context, continuation: [token] }));
      return { choices, answer: 0 };
    });
    const scores = await scoreChoices({
      architecture: learnable,
      checkpoint: checkpoint!,
      tasks: { rule: items },
      seqLen: 16,
      batch: 4,
      device: await testDevice(),
    });
    expect(scores.rule!.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("refuses items it cannot score, naming the item", async () => {
    const device = await testDevice();
    const checkpoint = encodeCheckpoint({
      header: { engine: ENGINE_VERSION, step: 0, seed: 1, paramCount: 0, archHash: hashArtifact(arch) },
      params: new Float32Array(0),
      m: new Float32Array(0),
      v: new Float32Array(0),
    });
    const options = { architecture: arch, checkpoint, seqLen: T, batch: 2, device };
    const choice = (continuation: number[]) => ({ context: [1], continuation });
    await expect(
      scoreChoices({ ...options, tasks: { t: [{ choices: [choice([1]), choice([2])], answer: 2 }] } }),
    ).rejects.toThrow("tasks.t[0].answer: 2 is not one of its 2 choices");
    await expect(
      scoreChoices({
        ...options,
        tasks: { t: [{ choices: [choice([1]), choice(Array.from({ length: T + 1 }, () => 1))], answer: 0 }] },
      }),
    ).rejects.toThrow(`tasks.t[0].choices[1].continuation: ${T + 1} tokens do not fit seq_len ${T}`);
    await expect(
      scoreChoices({ ...options, tasks: { t: [{ choices: [choice([1]), choice([V])], answer: 0 }] } }),
    ).rejects.toThrow(`tasks.t[0].choices[1].continuation: token ${V} at index 0 is outside vocab ${V}`);
  });
});
