// npm run bench:train: training throughput of the PyTorch peer's GPT (shared/bench/torch_gpt.py) at the
// 5.9M and 29.7M proxy shapes, fp32, random tokens like the peer. Tokens/s counts steady-state steps only
// (after the first `warmup`), the way the peer times its loop. On lavapipe a tiny shape runs instead.
// --matmul=<name>,<name>… trains every shape once per matmul v2 option set of kernels-bench --sweep
// (names as it prints them after "matmul.v2.", e.g. 128x64.t128.bk16+pad), the engine's default first.
import { acquireDevice } from "../src/runtime/device";
import { train } from "../src/train/train";
import { Rng } from "../src/runtime/random";
import { peerArchitecture, type PeerShape } from "../src/models/peer";
import { V2_DEFAULT, setV2Default } from "../src/ops/matmul/matmul.v2-vec4";
import { V2_SWEEP, v2Name } from "../src/ops/matmul/matmul.bench";

const SHAPES: PeerShape[] = [
  { name: "5.9M", vocab: 4096, d: 256, layers: 6, heads: 4, seq: 256, batch: 64 },
  { name: "29.7M", vocab: 8192, d: 512, layers: 8, heads: 8, seq: 512, batch: 32 },
];
const TINY: PeerShape = { name: "tiny", vocab: 256, d: 64, layers: 2, heads: 4, seq: 64, batch: 4 };

const dev = await acquireDevice({ robustness: process.argv.includes("--robustness") });
const argSteps = process.argv.find((a) => a.startsWith("--steps="));
const steps = argSteps ? Number(argSteps.slice(8)) : dev.adapter.kind === "gpu" ? 40 : 6;
const warmup = Math.min(5, steps - 2);
const shapes = dev.adapter.kind === "gpu" ? SHAPES : [TINY];
console.log(
  `adapter: ${dev.adapter.kind} ${dev.adapter.vendor} ${dev.adapter.device} ${dev.adapter.description}`,
);

const matmulArg = process.argv.find((a) => a.startsWith("--matmul="))?.slice(9);
const defaultName = v2Name(V2_DEFAULT);
const candidates = [defaultName, ...(matmulArg?.split(",") ?? []).filter((n) => n !== defaultName)];
const byName = new Map([V2_DEFAULT, ...V2_SWEEP].map((o) => [v2Name(o), o]));

const rows: string[] = [];
for (const candidate of candidates) {
  const options = byName.get(candidate);
  if (!options)
    throw new Error(`train-bench: no matmul option set ${candidate} (${[...byName.keys()].join(", ")})`);
  setV2Default(options);
  for (const shape of shapes) {
    const rng = new Rng(1);
    const tokens = Uint32Array.from({ length: 1 << 20 }, () => rng.int(shape.vocab));
    const times: number[] = [];
    const batchTokens = shape.batch * shape.seq;
    const result = await train({
      architecture: peerArchitecture(shape),
      recipe: {
        tokens: steps * batchTokens,
        batch_tokens: batchTokens,
        seq_len: shape.seq,
        optimizer: { name: "adamw", lr: 3e-4, betas: [0.9, 0.999], weight_decay: 0.01, grad_clip: 0 },
        schedule: { warmup: 0, decay: "constant", min_lr_ratio: 1 },
        seeds: [0],
        eval_tokens: batchTokens,
      },
      train: tokens,
      val: tokens.subarray(0, batchTokens + 1),
      seed: 0,
      device: dev,
      profileEvery: 1000,
      onStep: (_, info) => times.push(info.elapsedMs),
    });
    const msPerStep = (times[times.length - 1]! - times[warmup - 1]!) / (times.length - warmup);
    const tokensPerSecond = batchTokens / (msPerStep / 1e3);
    console.log(
      JSON.stringify({
        shape: shape.name,
        matmul: candidate,
        ms_per_step: +msPerStep.toFixed(3),
        tokens_per_s: Math.round(tokensPerSecond),
        peak_bytes: result.peakBytes,
        final_loss: result.finalLoss,
      }),
    );
    const total = result.profile.reduce((a, k) => a + k.ms, 0);
    const share = (prefix: string) =>
      result.profile.filter((k) => k.kernel.startsWith(prefix)).reduce((a, k) => a + k.ms, 0);
    const [mm, att] = [share("matmul"), share("attention")];
    console.log(
      `profile of one step (${total.toFixed(2)} ms GPU time in kernels): matmul ${mm.toFixed(2)} ms, attention ${att.toFixed(2)} ms, rest ${(total - mm - att).toFixed(2)} ms`,
    );
    for (const k of result.profile.slice(0, 12))
      console.log(
        `  ${k.kernel.padEnd(24)}${k.ms.toFixed(3).padStart(9)} ms  x${k.calls}  ${((100 * k.ms) / total).toFixed(1)}%`,
      );
    rows.push(
      `${candidate.padEnd(28)}${shape.name.padEnd(8)}${String(shape.batch * shape.seq).padEnd(10)}${msPerStep.toFixed(2).padEnd(12)}${Math.round(tokensPerSecond).toString().padEnd(12)}${(result.peakBytes / 2 ** 30).toFixed(2)}`,
    );
  }
}
console.log(
  `\n${"matmul v2".padEnd(28)}${"shape".padEnd(8)}${"tok/step".padEnd(10)}${"ms/step".padEnd(12)}${"tokens/s".padEnd(12)}peak GiB`,
);
for (const r of rows) console.log(r);
dev.destroy();
