// SSD chunked scan forward and backward at a Mamba-2 layer of d_model 512 (expand 2, head_dim 64: 16 heads,
// d_state 64, chunk 64). checkBench first runs the same widths on a short sequence against the recurrence.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { ssdForward, ssdBackward, allocateScratch, stateLength, type SsdShape } from "./ssd";
import { ssdRef, ssdInputs } from "./ssd.ref";

function shapeFor(full: boolean, T?: number): SsdShape {
  return full
    ? { B: 8, T: T ?? 2048, H: 16, P: 64, N: 64, Q: 64 }
    : { B: 1, T: T ?? 96, H: 2, P: 8, N: 16, Q: 32 };
}

function setup(dev: EngineDevice, s: SsdShape, seed: number) {
  const v = ssdInputs(s, seed);
  const rows = s.B * s.T;
  const t = {
    xbc: dev.pool.upload(v.xbc),
    dt: dev.pool.upload(v.dt),
    A: dev.pool.upload(v.A),
    D: dev.pool.upload(v.D),
    y: dev.pool.tensor(rows * s.H * s.P),
    states: dev.pool.tensor(stateLength(s)),
  };
  const g = {
    dy: dev.pool.upload(ssdInputs({ ...s, N: 0 }, seed + 1).xbc),
    dxbc: dev.pool.tensor(v.xbc.length),
    ddt: dev.pool.tensor(v.dt.length),
    dA: dev.pool.tensor(s.H),
    dD: dev.pool.tensor(s.H),
  };
  return { v, t, g, scratch: allocateScratch((n) => dev.pool.tensor(n), s) };
}

/** The bench's widths at 2.5 chunks of one sequence against ssdRef. */
export async function checkBench(dev: EngineDevice, full: boolean): Promise<void> {
  const base = shapeFor(full);
  const s = { ...base, B: 1, T: Math.ceil(base.Q * 2.5) };
  const { v, t, scratch } = setup(dev, s, 5);
  await runDispatches(dev, ssdForward(dev, s, t, scratch));
  expectClose(await readTensor(dev.gpu, t.y), ssdRef(v, s), { atol: 1e-4, rtol: 1e-3 }, "ssd bench check");
}

/** Multiply-adds x2 of the chunked algorithm's products per token, causal tiles counted at half. */
export function ssdFlops(s: SsdShape): { forward: number; backward: number } {
  const tokens = s.B * s.T;
  const q = Math.min(s.Q, s.T);
  const stateTerm = 2 * s.P * s.N; // one P x N outer product or state read per token and head
  const intra = q * s.P; // per token and head: the causal half of 2·q·P
  // forward: CB (2qN), chunk state, intra-chunk output, state-to-output
  const forward = tokens * (2 * q * s.N + s.H * (stateTerm + intra + stateTerm));
  // backward: CB again, dHloc, dx (intra + state), dCB (intra), dC and dB (causal halves + state terms)
  const backward =
    tokens * (2 * q * s.N + 2 * q * s.N + s.H * (stateTerm + intra + stateTerm + intra + 2 * stateTerm));
  return { forward, backward };
}

export function benchCases(dev: EngineDevice, full: boolean, _sweep = false, T?: number): BenchCase[] {
  const s = shapeFor(full, T);
  const { t, g, scratch } = setup(dev, s, 4);
  const shape = `B${s.B} T${s.T} H${s.H} P${s.P} N${s.N} Q${s.Q}`;
  const flops = ssdFlops(s);
  return [
    { op: "ssd_fwd", shape, dispatches: ssdForward(dev, s, t, scratch), flops: flops.forward },
    { op: "ssd_bwd", shape, dispatches: ssdBackward(dev, s, t, g, scratch), flops: flops.backward },
  ];
}
