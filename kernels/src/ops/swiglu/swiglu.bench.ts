// SwiGLU forward and backward at a 29.7M-like MLP width.
// checkBench runs the same launches at the bench shape and compares 3 windows of 64 rows (start,
// middle, end) with the CPU reference.
import { releaseAll, rowsOf, sampledRows, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { swiglu, swigluBackward } from "./swiglu";
import { swigluRef, swigluBackwardRef } from "./swiglu.ref";

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const [M, F] = full ? [16384, 1536] : [64, 32];
  const h = rng.uniformArray(2 * M * F, -4, 4);
  const dy = rng.uniformArray(M * F);
  const t = {
    h: dev.pool.upload(h),
    dy: dev.pool.upload(dy),
    y: dev.pool.tensor(M * F),
    dh: dev.pool.tensor(2 * M * F),
  };
  return {
    M,
    F,
    h,
    dy,
    t,
    forward: swiglu(dev, t.h, t.y, M, F),
    backward: swigluBackward(dev, t.h, t.dy, t.dh, M, F),
  };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { M, F, forward, backward } = setup(dev, full, new Rng(5));
  return [
    { op: "swiglu_fwd", shape: `${M}x${F}`, dispatches: [forward], bytes: 12 * M * F },
    { op: "swiglu_bwd", shape: `${M}x${F}`, dispatches: [backward], bytes: 20 * M * F },
  ];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { M, F, h, dy, t, forward, backward } = setup(dev, full, new Rng(15));
  await runDispatches(dev, [forward, backward]);
  const y = await readTensor(dev.gpu, t.y);
  const dh = await readTensor(dev.gpu, t.dh);
  const tol = { atol: 1e-5, rtol: 1e-5 };
  for (const rows of sampledRows(M, 64)) {
    const n = rows[1] - rows[0];
    const hs = rowsOf(h, 2 * F, rows);
    const label = (pass: string) => `swiglu_${pass} ${M}x${F}: rows ${rows.join("-")}`;
    expectClose(rowsOf(y, F, rows), swigluRef(hs, n, F), tol, label("fwd"));
    expectClose(rowsOf(dh, 2 * F, rows), swigluBackwardRef(hs, rowsOf(dy, F, rows), n, F), tol, label("bwd"));
  }
  releaseAll(dev, Object.values(t));
}
