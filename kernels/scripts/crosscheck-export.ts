// Cross-check against PyTorch, engine side: trains the peer GPT (or with --hybrid the attention/Mamba-2
// hybrid) for --steps fp32 steps and writes what the PyTorch side (torch_crosscheck.py, torch_hybrid.py)
// needs to replay the same run: the architecture, the initial parameters from our seeded init with their
// layout, every step's batch and learning rate, and our losses.
//   tsx scripts/crosscheck-export.ts --out=/tmp/xc [--steps=20] [--tiny] [--hybrid]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { acquireDevice } from "../src/runtime/device";
import { readTensor } from "../src/runtime/buffers";
import { Rng } from "../src/runtime/random";
import { buildModel } from "../src/models/network";
import { peerArchitecture, type PeerShape } from "../src/models/peer";
import { hybridArchitecture } from "./hybrid-architecture";
import { ZArchitecture } from "@forge/spec";
import { train } from "../src/train/train";
import { trainBatch } from "../src/train/data";
import { learningRate } from "../src/train/schedule";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const out = arg("out") ?? "/tmp/crosscheck";
const steps = Number(arg("steps") ?? 20);
const shape: PeerShape = process.argv.includes("--tiny")
  ? { name: "tiny", vocab: 128, d: 64, layers: 2, heads: 4, seq: 32, batch: 4 }
  : { name: "5.9M", vocab: 4096, d: 256, layers: 6, heads: 4, seq: 256, batch: 64 };
const seed = 1234;
mkdirSync(out, { recursive: true });

const dev = await acquireDevice();
const architecture = process.argv.includes("--hybrid") ? hybridArchitecture(shape) : peerArchitecture(shape);
const batchTokens = shape.batch * shape.seq;
const recipe = {
  tokens: steps * batchTokens,
  batch_tokens: batchTokens,
  seq_len: shape.seq,
  optimizer: {
    name: "adamw" as const,
    lr: 1e-3,
    betas: [0.9, 0.95] as [number, number],
    weight_decay: 0.1,
    grad_clip: 1.0,
  },
  schedule: { warmup: 5, decay: "cosine" as const, min_lr_ratio: 0.1 },
  seeds: [seed],
  eval_tokens: batchTokens,
};

// A learnable stream (each token mostly fixes the next) so the 20 steps move the loss, not just noise.
const rng = new Rng(99);
const tokens = new Uint32Array(1 << 20);
for (let i = 1; i < tokens.length; i++)
  tokens[i] = rng.next() < 0.7 ? (tokens[i - 1]! * 31 + 7) % shape.vocab : rng.int(shape.vocab);

const net = buildModel(ZArchitecture.parse(architecture), dev, {
  seed,
  batch: shape.batch,
  seqLen: shape.seq,
});
writeFileSync(join(out, "params.bin"), await readTensor(dev.gpu, net.params));
const layout = net.layout.entries.map((e) => ({
  name: e.name,
  shape: e.shape,
  offset: e.offset,
  length: e.length,
}));
net.release();

const inputs = new Uint32Array(steps * batchTokens);
const targets = new Uint32Array(steps * batchTokens);
const lrs: number[] = [];
for (let s = 0; s < steps; s++) {
  const b = trainBatch(tokens, seed, s, shape.batch, shape.seq);
  inputs.set(b.inputs, s * batchTokens);
  targets.set(b.targets, s * batchTokens);
  lrs.push(learningRate(recipe, s, steps));
}
writeFileSync(join(out, "inputs.bin"), inputs);
writeFileSync(join(out, "targets.bin"), targets);

const losses: number[] = [];
await train({
  architecture,
  recipe,
  train: tokens,
  val: tokens.subarray(0, batchTokens + 1),
  seed,
  device: dev,
  profileEvery: 0,
  onStep: (_, i) => losses.push(i.loss),
});
writeFileSync(
  join(out, "meta.json"),
  JSON.stringify(
    {
      shape,
      architecture,
      recipe,
      layout,
      lrs,
      losses,
      adapter: dev.adapter.description || dev.adapter.device,
    },
    null,
    1,
  ),
);
console.log(`engine losses: ${losses.map((l) => l.toFixed(5)).join(" ")}`);
dev.destroy();
