// Embedding forward (token + position) and backward (deterministic token scatter + position sums).
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { bucketTokens, embeddingForward, embeddingBackward } from "./embedding";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [B, T, C, vocab] = full ? [32, 512, 512, 8192] : [2, 16, 32, 64];
  const M = B * T;
  const rng = new Rng(7);
  const ids = Uint32Array.from({ length: M }, () => rng.int(vocab));
  const b = bucketTokens(ids, vocab);
  const buckets = {
    count: dev.pool.upload(new Uint32Array([b.count])),
    unique: dev.pool.upload(b.unique),
    starts: dev.pool.upload(b.starts),
    positions: dev.pool.upload(b.positions),
  };
  const wte = dev.pool.upload(rng.uniformArray(vocab * C));
  const wpe = dev.pool.upload(rng.uniformArray(T * C));
  const x = dev.pool.upload(rng.uniformArray(M * C));
  const dwte = dev.pool.tensor(vocab * C);
  const dwpe = dev.pool.tensor(T * C);
  const shape = `B${B} T${T} C${C} V${vocab}`;
  return [
    {
      op: "embedding_fwd",
      shape,
      dispatches: [embeddingForward(dev, { tokens: dev.pool.upload(ids), wte, wpe, x, M, C, T, vocab })],
      bytes: 3 * 4 * M * C,
    },
    {
      op: "embedding_bwd",
      shape,
      dispatches: embeddingBackward(dev, { buckets, dx: x, dwte, accumulate: true, dwpe, M, C, T, vocab }),
      bytes: 2 * 4 * M * C,
    },
  ];
}
