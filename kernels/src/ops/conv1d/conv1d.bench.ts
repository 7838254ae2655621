// Conv1d + SiLU forward and backward over a Mamba-2 layer's x, B, C channels (d_model 512, expand 2,
// d_state 64: 1152 channels read out of the 2,192-wide in_proj output). checkBench runs the same launches
// on a slice of the shape against the CPU reference first, so a timing is never taken of a wrong kernel.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { conv1dForward, conv1dBackward, partialLengths, type Conv1dShape, type RowLayout } from "./conv1d";
import { conv1dRef } from "./conv1d.ref";

function setup(dev: EngineDevice, s: Conv1dShape, at: RowLayout, seed: number) {
  const rng = new Rng(seed);
  const rows = s.B * s.T;
  const x = rng.uniformArray(rows * at.stride, -2, 2);
  const w = rng.uniformArray(s.C * s.K, -0.5, 0.5);
  const bias = rng.uniformArray(s.C, -0.1, 0.1);
  const t = {
    x: dev.pool.upload(x),
    w: dev.pool.upload(w),
    bias: dev.pool.upload(bias),
    y: dev.pool.tensor(rows * s.C),
  };
  const partials = partialLengths(s);
  const g = {
    dy: dev.pool.upload(rng.uniformArray(rows * s.C)),
    dx: dev.pool.tensor(rows * at.stride),
    dw: dev.pool.tensor(s.C * s.K),
    dbias: dev.pool.tensor(s.C),
    dpre: dev.pool.tensor(rows * s.C),
    partialW: dev.pool.tensor(partials.w),
    partialBias: dev.pool.tensor(partials.bias),
  };
  return { x, w, bias, t, g };
}

function shapeFor(full: boolean): { s: Conv1dShape; at: RowLayout } {
  return full
    ? { s: { B: 8, T: 2048, C: 1152, K: 4 }, at: { stride: 2192, offset: 1024 } }
    : { s: { B: 1, T: 64, C: 40, K: 4 }, at: { stride: 90, offset: 32 } };
}

/** The bench's launches at a short sequence of the same widths, against conv1dRef. */
export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { s, at } = shapeFor(full);
  const small: Conv1dShape = { ...s, B: 1, T: 33 };
  const { x, w, bias, t } = setup(dev, small, at, 9);
  await runDispatches(dev, [conv1dForward(dev, small, at, t)]);
  const xs = new Float32Array(small.T * s.C);
  for (let r = 0; r < small.T; r++)
    xs.set(x.subarray(r * at.stride + at.offset, r * at.stride + at.offset + s.C), r * s.C);
  expectClose(
    await readTensor(dev.gpu, t.y),
    conv1dRef(xs, w, bias, small),
    { atol: 1e-5, rtol: 1e-4 },
    "conv1d bench check",
  );
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { s, at } = shapeFor(full);
  const { t, g } = setup(dev, s, at, 4);
  const n = s.B * s.T * s.C;
  const shape = `B${s.B} T${s.T} C${s.C} K${s.K}`;
  return [
    { op: "conv1d_fwd", shape, dispatches: [conv1dForward(dev, s, at, t)], bytes: 8 * n },
    { op: "conv1d_bwd", shape, dispatches: conv1dBackward(dev, s, at, t, g), bytes: 7 * 4 * n },
  ];
}
