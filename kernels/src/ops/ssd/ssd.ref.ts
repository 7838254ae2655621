// CPU reference for the SSD scan (float64) in its recurrent form, one step at a time with no chunks:
//   state_t = exp(A_h·dt_t)·state_{t−1} + dt_t·x_t·B_tᵀ,  y_t = state_t·C_t + D_h·x_t
// The GPU's chunked algorithm must equal it for every chunk length, which is what the tests check.
// Gradients by reverse-mode through the same recurrence (states kept per step: tiny shapes only).
import { Rng } from "../../runtime/random";
import { type SsdShape } from "./ssd";

export type SsdInputs = { xbc: Float32Array; dt: Float32Array; A: Float32Array; D: Float32Array };

function views(s: SsdShape) {
  const W = s.H * s.P + 2 * s.N;
  return {
    W,
    x: (row: number, h: number, p: number) => row * W + h * s.P + p,
    b: (row: number, n: number) => row * W + s.H * s.P + n,
    c: (row: number, n: number) => row * W + s.H * s.P + s.N + n,
    y: (row: number, h: number, p: number) => (row * s.H + h) * s.P + p,
  };
}

/** states[t] (P·N, float64) of one (b, h) sequence, t = 0..T−1. */
function statesOf(v: SsdInputs, s: SsdShape, b: number, h: number): Float64Array[] {
  const ix = views(s);
  const out: Float64Array[] = [];
  let state = new Float64Array(s.P * s.N);
  for (let t = 0; t < s.T; t++) {
    const row = b * s.T + t;
    const dt = v.dt[row * s.H + h]!;
    const decay = Math.exp(v.A[h]! * dt);
    const next = new Float64Array(s.P * s.N);
    for (let p = 0; p < s.P; p++) {
      const xv = dt * v.xbc[ix.x(row, h, p)]!;
      for (let n = 0; n < s.N; n++)
        next[p * s.N + n] = decay * state[p * s.N + n]! + xv * v.xbc[ix.b(row, n)]!;
    }
    out.push(next);
    state = next;
  }
  return out;
}

export function ssdRef(v: SsdInputs, s: SsdShape): Float32Array {
  const ix = views(s);
  const y = new Float32Array(s.B * s.T * s.H * s.P);
  for (let b = 0; b < s.B; b++)
    for (let h = 0; h < s.H; h++) {
      const states = statesOf(v, s, b, h);
      for (let t = 0; t < s.T; t++) {
        const row = b * s.T + t;
        for (let p = 0; p < s.P; p++) {
          let acc = v.D[h]! * v.xbc[ix.x(row, h, p)]!;
          for (let n = 0; n < s.N; n++) acc += states[t]![p * s.N + n]! * v.xbc[ix.c(row, n)]!;
          y[ix.y(row, h, p)] = acc;
        }
      }
    }
  return y;
}

export type SsdGradsRef = { dxbc: Float32Array; ddt: Float32Array; dA: Float32Array; dD: Float32Array };

/** Gradients of Σ y·dy with respect to xbc (x, B and C columns), dt, A and D. */
export function ssdBackwardRef(v: SsdInputs, dy: Float32Array, s: SsdShape): SsdGradsRef {
  const ix = views(s);
  const dxbc = new Float64Array(v.xbc.length);
  const ddt = new Float64Array(v.dt.length);
  const dA = new Float64Array(s.H);
  const dD = new Float64Array(s.H);
  for (let b = 0; b < s.B; b++)
    for (let h = 0; h < s.H; h++) {
      const states = statesOf(v, s, b, h);
      const dState = new Float64Array(s.P * s.N); // ∂/∂state_t, carried backwards
      for (let t = s.T - 1; t >= 0; t--) {
        const row = b * s.T + t;
        const dt = v.dt[row * s.H + h]!;
        const decay = Math.exp(v.A[h]! * dt);
        for (let p = 0; p < s.P; p++) {
          const g = dy[ix.y(row, h, p)]!;
          dD[h]! += g * v.xbc[ix.x(row, h, p)]!;
          dxbc[ix.x(row, h, p)]! += v.D[h]! * g;
          for (let n = 0; n < s.N; n++) {
            dState[p * s.N + n]! += g * v.xbc[ix.c(row, n)]!;
            dxbc[ix.c(row, n)]! += g * states[t]![p * s.N + n]!;
          }
        }
        // state_t = decay·state_{t−1} + dt·x·Bᵀ
        let dDecay = 0;
        for (let p = 0; p < s.P; p++) {
          const xv = v.xbc[ix.x(row, h, p)]!;
          for (let n = 0; n < s.N; n++) {
            const d = dState[p * s.N + n]!;
            const bv = v.xbc[ix.b(row, n)]!;
            dxbc[ix.x(row, h, p)]! += d * dt * bv;
            dxbc[ix.b(row, n)]! += d * dt * xv;
            ddt[row * s.H + h]! += d * xv * bv;
            if (t > 0) dDecay += d * states[t - 1]![p * s.N + n]!;
            dState[p * s.N + n] = d * decay;
          }
        }
        ddt[row * s.H + h]! += dDecay * decay * v.A[h]!;
        dA[h]! += dDecay * decay * dt;
      }
    }
  return {
    dxbc: Float32Array.from(dxbc),
    ddt: Float32Array.from(ddt),
    dA: Float32Array.from(dA),
    dD: Float32Array.from(dD),
  };
}

/** Seeded inputs in the ranges a trained layer sees: dt = softplus(·) in (0, 1), A = −exp(A_log) < 0. */
export function ssdInputs(s: SsdShape, seed: number): SsdInputs {
  const rng = new Rng(seed);
  const W = s.H * s.P + 2 * s.N;
  const xbc = new Float32Array(s.B * s.T * W);
  for (let i = 0; i < xbc.length; i++) xbc[i] = (i % W < s.H * s.P ? 2 : 1) * (rng.next() - 0.5);
  return {
    xbc,
    dt: rng.uniformArray(s.B * s.T * s.H, 0.02, 0.6),
    A: rng.uniformArray(s.H, -3, -0.3),
    D: rng.uniformArray(s.H, 0.5, 1.5),
  };
}
