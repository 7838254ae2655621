// AdamW + global-norm clipping over a 29.7M-parameter flat buffer (reads p, g, m, v; writes p, m, v).
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { adamw, NORM_PARTIALS } from "./adamw";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const n = full ? 29_700_000 : 10_000;
  const rng = new Rng(8);
  const opt = adamw(dev, {
    params: dev.pool.upload(rng.uniformArray(n)),
    grads: dev.pool.upload(rng.uniformArray(n)),
    m: dev.pool.upload(new Float32Array(n)),
    v: dev.pool.upload(new Float32Array(n)),
    partial: dev.pool.tensor(NORM_PARTIALS),
    decayCount: Math.floor(n * 0.9),
    hyper: { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 },
  });
  opt.setStep(1, 1e-3);
  return [{ op: "adamw", shape: `${n}`, dispatches: opt.dispatches, bytes: 8 * 4 * n }];
}
