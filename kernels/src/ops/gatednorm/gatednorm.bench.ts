// Gated RMSNorm forward and backward over a Mamba-2 layer's scan output (d_model 512, expand 2: C = 1024,
// z read out of the 2,192-wide in_proj output). checkBench compares a few rows with the CPU reference first.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { type RowLayout } from "../conv1d/conv1d";
import { gatedNormForward, gatedNormBackward, partialLength, type GatedNormShape } from "./gatednorm";
import { gatedNormRef } from "./gatednorm.ref";

function shapeFor(full: boolean): { s: GatedNormShape; zAt: RowLayout } {
  return full
    ? { s: { M: 16384, C: 1024 }, zAt: { stride: 2192, offset: 0 } }
    : { s: { M: 64, C: 40 }, zAt: { stride: 90, offset: 0 } };
}

function setup(dev: EngineDevice, s: GatedNormShape, zAt: RowLayout, seed: number) {
  const rng = new Rng(seed);
  const y = rng.uniformArray(s.M * s.C, -2, 2);
  const z = rng.uniformArray(s.M * zAt.stride, -4, 4);
  const w = rng.uniformArray(s.C, 0.5, 1.5);
  const t = {
    y: dev.pool.upload(y),
    z: dev.pool.upload(z),
    w: dev.pool.upload(w),
    out: dev.pool.tensor(s.M * s.C),
    rstd: dev.pool.tensor(s.M),
  };
  const g = {
    dout: dev.pool.upload(rng.uniformArray(s.M * s.C)),
    dy: dev.pool.tensor(s.M * s.C),
    dz: dev.pool.tensor(s.M * zAt.stride),
    dw: dev.pool.tensor(s.C),
    partialW: dev.pool.tensor(partialLength(s)),
  };
  return { y, z, w, t, g };
}

export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const { s, zAt } = shapeFor(full);
  const small = { ...s, M: 9 };
  const { y, z, w, t } = setup(dev, small, zAt, 9);
  await runDispatches(dev, [gatedNormForward(dev, small, zAt, t)]);
  const zs = new Float32Array(small.M * s.C);
  for (let m = 0; m < small.M; m++)
    zs.set(z.subarray(m * zAt.stride + zAt.offset, m * zAt.stride + zAt.offset + s.C), m * s.C);
  const ref = gatedNormRef(y, zs, w, small.M, s.C);
  expectClose(await readTensor(dev.gpu, t.out), ref, { atol: 1e-5, rtol: 1e-4 }, "gatednorm bench check");
}

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const { s, zAt } = shapeFor(full);
  const { t, g } = setup(dev, s, zAt, 4);
  const n = s.M * s.C;
  const shape = `M${s.M} C${s.C}`;
  return [
    { op: "gatednorm_fwd", shape, dispatches: [gatedNormForward(dev, s, zAt, t)], bytes: 4 * 3 * n },
    { op: "gatednorm_bwd", shape, dispatches: gatedNormBackward(dev, s, zAt, t, g), bytes: 4 * 9 * n },
  ];
}
