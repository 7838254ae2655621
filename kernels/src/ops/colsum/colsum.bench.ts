// Column sums (bias gradients) over a 29.7M-model activation.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { colsum, partialLength } from "./colsum";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [M, N] = full ? [16384, 2048] : [256, 64];
  const x = dev.pool.upload(new Rng(9).uniformArray(M * N));
  return [
    {
      op: "colsum",
      shape: `${M}x${N}`,
      dispatches: colsum(dev, x, dev.pool.tensor(N), dev.pool.tensor(partialLength(M, N)), M, N),
      bytes: 4 * M * N,
    },
  ];
}
