// GELU forward and backward over the 29.7M model's MLP activations.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { gelu } from "./gelu";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const n = full ? 16384 * 2048 : 4096;
  const rng = new Rng(4);
  const x = dev.pool.upload(rng.uniformArray(n, -4, 4));
  const dy = dev.pool.upload(rng.uniformArray(n));
  const out = dev.pool.tensor(n);
  return [
    { op: "gelu_fwd", shape: `${n}`, dispatches: [gelu(dev, x, out, n)], bytes: 8 * n },
    { op: "gelu_bwd", shape: `${n}`, dispatches: [gelu(dev, x, out, n, dy)], bytes: 12 * n },
  ];
}
