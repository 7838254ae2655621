// Fused softmax cross-entropy (+ gradient in place) over the 29.7M model's logits.
// checkBench runs the same launches at the bench shape and compares the losses and gradient rows of 3
// windows of 16 rows (start, middle, end) with the CPU reference, and the mean with the mean of the
// losses the kernel wrote.
import { releaseAll, rowsOf, sampledRows, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { crossEntropy } from "./crossentropy";
import { crossEntropyRef } from "./crossentropy.ref";

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const [M, V] = full ? [16384, 8192] : [64, 512];
  const logits = rng.uniformArray(M * V, -4, 4);
  const targets = Uint32Array.from({ length: M }, () => rng.int(V));
  const t = {
    logits: dev.pool.upload(logits),
    targets: dev.pool.upload(targets),
    losses: dev.pool.tensor(M),
    meanOut: dev.pool.tensor(1),
  };
  return { M, V, logits, targets, t, launches: crossEntropy(dev, { ...t, M, V, writeGrad: true }) };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { M, V, launches } = setup(dev, full, new Rng(6));
  // Repeated runs overwrite the logits with gradients: the work per run is the same.
  return [{ op: "crossentropy", shape: `${M}x${V}`, dispatches: launches, bytes: 4 * 4 * M * V }];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { M, V, logits, targets, t, launches } = setup(dev, full, new Rng(16));
  await runDispatches(dev, launches);
  const losses = await readTensor(dev.gpu, t.losses);
  const grads = await readTensor(dev.gpu, t.logits);
  const [mean = NaN] = await readTensor(dev.gpu, t.meanOut);
  const label = `crossentropy ${M}x${V}`;
  for (const rows of sampledRows(M, 16)) {
    const n = rows[1] - rows[0];
    const want = crossEntropyRef(rowsOf(logits, V, rows), targets.subarray(rows[0], rows[1]), n, V);
    const at = `${label}: rows ${rows.join("-")}`;
    expectClose(losses.subarray(rows[0], rows[1]), want.losses, { atol: 1e-5, rtol: 1e-5 }, `${at} losses`);
    // The reference scales the gradient by 1/n (its own rows); the kernel by 1/M.
    const wantGrad = want.dlogits.map((g) => (g * n) / M);
    expectClose(rowsOf(grads, V, rows), wantGrad, { atol: 1e-8, rtol: 1e-4 }, `${at} dlogits`);
  }
  const wantMean = losses.reduce((a, l) => a + l, 0) / M;
  expectClose([mean], [wantMean], { atol: 1e-5, rtol: 1e-5 }, `${label}: mean loss`);
  releaseAll(dev, Object.values(t));
}
