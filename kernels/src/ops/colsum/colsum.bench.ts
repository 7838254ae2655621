// Column sums (bias gradients) over a 29.7M-model activation.
// checkBench runs the same launches at the bench shape against the whole CPU reference (O(M·N), cheap).
import { releaseAll, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { colsum, partialLength } from "./colsum";
import { colsumRef } from "./colsum.ref";

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const [M, N] = full ? [16384, 2048] : [256, 64];
  const x = rng.uniformArray(M * N);
  const t = { x: dev.pool.upload(x), out: dev.pool.tensor(N), partial: dev.pool.tensor(partialLength(M, N)) };
  return { M, N, x, t, launches: colsum(dev, t.x, t.out, t.partial, M, N) };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { M, N, launches } = setup(dev, full, new Rng(9));
  return [{ op: "colsum", shape: `${M}x${N}`, dispatches: launches, bytes: 4 * M * N }];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { M, N, x, t, launches } = setup(dev, full, new Rng(20));
  await runDispatches(dev, launches);
  const tol = { atol: 1e-5 * Math.sqrt(M), rtol: 1e-5 };
  expectClose(await readTensor(dev.gpu, t.out), colsumRef(x, M, N), tol, `colsum ${M}x${N}`);
  releaseAll(dev, Object.values(t));
}
