// GELU forward and backward over the 29.7M model's MLP activations.
// checkBench runs the same launches at the bench shape and compares 3 windows of 4096 elements (start,
// middle, end: the end lies in the folded grid's last row) with the CPU reference.
import { releaseAll, sampledRows, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { gelu } from "./gelu";
import { geluRef, geluBackwardRef } from "./gelu.ref";

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const n = full ? 16384 * 2048 : 4096;
  const x = rng.uniformArray(n, -4, 4);
  const dy = rng.uniformArray(n);
  const t = { x: dev.pool.upload(x), dy: dev.pool.upload(dy), out: dev.pool.tensor(n) };
  return {
    n,
    x,
    dy,
    t,
    forward: gelu(dev, t.x, t.out, n),
    backward: gelu(dev, t.x, t.out, n, t.dy),
  };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { n, forward, backward } = setup(dev, full, new Rng(4));
  return [
    { op: "gelu_fwd", shape: `${n}`, dispatches: [forward], bytes: 8 * n },
    { op: "gelu_bwd", shape: `${n}`, dispatches: [backward], bytes: 12 * n },
  ];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { n, x, dy, t, forward, backward } = setup(dev, full, new Rng(14));
  const tol = { atol: 1e-6, rtol: 1e-5 };
  for (const [pass, launch] of [
    ["fwd", forward],
    ["bwd", backward],
  ] as const) {
    await runDispatches(dev, [launch]);
    const out = await readTensor(dev.gpu, t.out);
    for (const [start, end] of sampledRows(n, 4096)) {
      const xs = x.subarray(start, end);
      const want = pass === "fwd" ? geluRef(xs) : geluBackwardRef(xs, dy.subarray(start, end));
      expectClose(out.subarray(start, end), want, tol, `gelu_${pass} ${n}: elements ${start}-${end}`);
    }
  }
  releaseAll(dev, Object.values(t));
}
