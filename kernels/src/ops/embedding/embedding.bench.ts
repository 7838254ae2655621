// Embedding forward (token + position) and backward (deterministic token scatter + position sums).
// checkBench runs the same launches at the bench shape against the whole CPU reference (O(M·C), cheap).
import { releaseAll, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { bucketTokens, embeddingForward, embeddingBackward } from "./embedding";
import { embeddingRef, embeddingBackwardRef } from "./embedding.ref";

function setup(dev: EngineDevice, full: boolean, rng: Rng) {
  const [B, T, C, vocab] = full ? [32, 512, 512, 8192] : [2, 16, 32, 64];
  const M = B * T;
  const ids = Uint32Array.from({ length: M }, () => rng.int(vocab));
  const b = bucketTokens(ids, vocab);
  const buckets = {
    count: dev.pool.upload(new Uint32Array([b.count])),
    unique: dev.pool.upload(b.unique),
    starts: dev.pool.upload(b.starts),
    positions: dev.pool.upload(b.positions),
  };
  const wte = rng.uniformArray(vocab * C);
  const wpe = rng.uniformArray(T * C);
  const dx = rng.uniformArray(M * C);
  const t = {
    tokens: dev.pool.upload(ids),
    wte: dev.pool.upload(wte),
    wpe: dev.pool.upload(wpe),
    x: dev.pool.tensor(M * C),
    dx: dev.pool.upload(dx),
    dwte: dev.pool.tensor(vocab * C),
    dwpe: dev.pool.tensor(T * C),
  };
  const args = { M, C, T, vocab };
  return {
    shape: `B${B} T${T} C${C} V${vocab}`,
    ...args,
    ids,
    wte,
    wpe,
    dx,
    t,
    tensors: [...Object.values(buckets), ...Object.values(t)],
    forward: embeddingForward(dev, { ...args, tokens: t.tokens, wte: t.wte, wpe: t.wpe, x: t.x }),
    backward: embeddingBackward(dev, {
      ...args,
      buckets,
      dx: t.dx,
      dwte: t.dwte,
      accumulate: true,
      dwpe: t.dwpe,
    }),
  };
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { shape, M, C, forward, backward } = setup(dev, full, new Rng(7));
  return [
    { op: "embedding_fwd", shape, dispatches: [forward], bytes: 3 * 4 * M * C },
    { op: "embedding_bwd", shape, dispatches: backward, bytes: 2 * 4 * M * C },
  ];
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const s = setup(dev, full, new Rng(17));
  const dwte0 = new Rng(18).uniformArray(s.vocab * s.C); // the token scatter adds into dwte
  dev.gpu.queue.writeBuffer(s.t.dwte.buffer, 0, dwte0);
  await runDispatches(dev, [s.forward, ...s.backward]);
  const tol = { atol: 1e-5, rtol: 1e-5 };
  const want = embeddingBackwardRef(s.ids, s.dx, s.vocab, s.C, s.T);
  const x = await readTensor(dev.gpu, s.t.x);
  expectClose(x, embeddingRef(s.ids, s.wte, s.wpe, s.C, s.T), tol, `embedding_fwd ${s.shape}: x`);
  const wantDwte = want.dwte.map((v, i) => v + (dwte0[i] ?? 0));
  expectClose(await readTensor(dev.gpu, s.t.dwte), wantDwte, tol, `embedding_bwd ${s.shape}: dwte`);
  expectClose(await readTensor(dev.gpu, s.t.dwpe), want.dwpe, tol, `embedding_bwd ${s.shape}: dwpe`);
  releaseAll(dev, s.tensors);
}
