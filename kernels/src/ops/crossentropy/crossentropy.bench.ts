// Fused softmax cross-entropy (+ gradient in place) over the 29.7M model's logits.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { crossEntropy } from "./crossentropy";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [M, V] = full ? [16384, 8192] : [64, 512];
  const rng = new Rng(6);
  const logits = dev.pool.upload(rng.uniformArray(M * V, -4, 4));
  const targets = dev.pool.upload(Uint32Array.from({ length: M }, () => rng.int(V)));
  const args = { logits, targets, losses: dev.pool.tensor(M), meanOut: dev.pool.tensor(1), M, V };
  // Repeated runs overwrite the logits with gradients: the work per run is the same.
  return [
    {
      op: "crossentropy",
      shape: `${M}x${V}`,
      dispatches: crossEntropy(dev, { ...args, writeGrad: true }),
      bytes: 4 * 4 * M * V,
    },
  ];
}
