// LayerNorm / RMSNorm forward and backward at the 29.7M training shape (bytes: one read per input, one write per output).
// checkBench runs the same launches at the bench shape against the whole CPU reference (O(M·C), cheap).
import { releaseAll, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { normForward, normBackward, partialLength, type NormKind } from "./norm";
import { normRef, normBackwardRef } from "./norm.ref";

const KINDS: NormKind[] = ["layernorm", "rmsnorm"];
const shapeFor = (full: boolean): [number, number] => (full ? [16384, 512] : [64, 32]);

function setup(dev: EngineDevice, kind: NormKind, M: number, C: number, rng: Rng) {
  const ln = kind === "layernorm";
  const x = rng.uniformArray(M * C);
  const w = rng.uniformArray(C);
  const b = ln ? rng.uniformArray(C) : null;
  const dy = rng.uniformArray(M * C);
  const t = {
    x: dev.pool.upload(x),
    w: dev.pool.upload(w),
    b: b ? dev.pool.upload(b) : undefined,
    y: dev.pool.tensor(M * C),
    mean: dev.pool.tensor(M),
    rstd: dev.pool.tensor(M),
  };
  const g = {
    dy: dev.pool.upload(dy),
    dx: dev.pool.tensor(M * C),
    accumulate: true,
    dw: dev.pool.tensor(C),
    db: ln ? dev.pool.tensor(C) : undefined,
    partialW: dev.pool.tensor(partialLength(M, C)),
    partialB: ln ? dev.pool.tensor(partialLength(M, C)) : undefined,
  };
  const forward = [normForward(dev, kind, t, M, C)];
  const backward = normBackward(dev, kind, t, g, M, C);
  const tensors = [t.x, t.w, t.b, t.y, t.mean, t.rstd, g.dy, g.dx, g.dw, g.db, g.partialW, g.partialB];
  return { x, w, b, dy, t, g, forward, backward, tensors };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [M, C] = shapeFor(full);
  const rng = new Rng(3);
  return KINDS.flatMap((kind) => {
    const { forward, backward } = setup(dev, kind, M, C, rng);
    return [
      { op: `${kind}_fwd`, shape: `${M}x${C}`, dispatches: forward, bytes: 2 * 4 * M * C },
      { op: `${kind}_bwd`, shape: `${M}x${C}`, dispatches: backward, bytes: 4 * 4 * M * C },
    ];
  });
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const [M, C] = shapeFor(full);
  const rng = new Rng(13);
  for (const kind of KINDS) {
    const { x, w, b, dy, t, g, forward, backward, tensors } = setup(dev, kind, M, C, rng);
    const dx0 = rng.uniformArray(M * C); // the backward adds into dx
    dev.gpu.queue.writeBuffer(g.dx.buffer, 0, dx0);
    await runDispatches(dev, [...forward, ...backward]);
    const tol = { atol: 1e-5, rtol: 1e-4 };
    const label = (pass: string) => `${kind}_${pass} ${M}x${C}`;
    expectClose(await readTensor(dev.gpu, t.y), normRef(kind, x, w, b, M, C), tol, `${label("fwd")}: y`);
    const want = normBackwardRef(kind, x, w, dy, M, C);
    const wantDx = want.dx.map((v, i) => v + (dx0[i] ?? 0));
    expectClose(await readTensor(dev.gpu, g.dx), wantDx, tol, `${label("bwd")}: dx`);
    const sums = { atol: 1e-5 * Math.sqrt(M), rtol: 1e-4 }; // dw, db: sums over M rows
    expectClose(await readTensor(dev.gpu, g.dw), want.dw, sums, `${label("bwd")}: dw`);
    if (g.db) expectClose(await readTensor(dev.gpu, g.db), want.db, sums, `${label("bwd")}: db`);
    releaseAll(dev, tensors);
  }
}
