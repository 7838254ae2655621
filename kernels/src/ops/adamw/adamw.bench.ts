// AdamW + global-norm clipping over a 29.7M-parameter flat buffer (reads p, g, m, v; writes p, m, v).
// checkBench runs the same launches at the bench size against the whole CPU reference (O(n), cheap).
import { releaseAll, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { adamw, NORM_PARTIALS, type AdamWHyper } from "./adamw";
import { adamwRef } from "./adamw.ref";

const HYPER: AdamWHyper = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const n = full ? 29_700_000 : 10_000;
  const decayCount = Math.floor(n * 0.9);
  const [p, g, m, v] = [
    rng.uniformArray(n),
    rng.uniformArray(n),
    rng.uniformArray(n),
    rng.uniformArray(n, 0, 1),
  ];
  const t = {
    params: dev.pool.upload(p),
    grads: dev.pool.upload(g),
    m: dev.pool.upload(m),
    v: dev.pool.upload(v),
    partial: dev.pool.tensor(NORM_PARTIALS),
  };
  const opt = adamw(dev, { ...t, decayCount, hyper: HYPER });
  opt.setStep(1, HYPER.lr);
  return { n, decayCount, p, g, m, v, t, opt };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { n, opt } = setup(dev, full, new Rng(8));
  return [{ op: "adamw", shape: `${n}`, dispatches: opt.dispatches, bytes: 8 * 4 * n }];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { n, decayCount, p, g, m, v, t, opt } = setup(dev, full, new Rng(19));
  await runDispatches(dev, opt.dispatches);
  const want = adamwRef(p, g, m, v, decayCount, HYPER, 1);
  const tol = { atol: 1e-6, rtol: 1e-5 };
  expectClose(await readTensor(dev.gpu, t.params), want.p, tol, `adamw ${n}: params`);
  expectClose(await readTensor(dev.gpu, t.m), want.m, tol, `adamw ${n}: m`);
  expectClose(await readTensor(dev.gpu, t.v), want.v, tol, `adamw ${n}: v`);
  opt.destroy();
  releaseAll(dev, Object.values(t));
}
