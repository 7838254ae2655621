// SwiGLU forward and backward at a 29.7M-like MLP width.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { swiglu, swigluBackward } from "./swiglu";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [M, F] = full ? [16384, 1536] : [64, 32];
  const rng = new Rng(5);
  const h = dev.pool.upload(rng.uniformArray(2 * M * F, -4, 4));
  const dy = dev.pool.upload(rng.uniformArray(M * F));
  const y = dev.pool.tensor(M * F);
  const dh = dev.pool.tensor(2 * M * F);
  return [
    { op: "swiglu_fwd", shape: `${M}x${F}`, dispatches: [swiglu(dev, h, y, M, F)], bytes: 12 * M * F },
    {
      op: "swiglu_bwd",
      shape: `${M}x${F}`,
      dispatches: [swigluBackward(dev, h, dy, dh, M, F)],
      bytes: 20 * M * F,
    },
  ];
}
