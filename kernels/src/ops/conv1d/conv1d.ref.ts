// CPU reference for the causal depthwise conv1d + SiLU (float64), on a contiguous x[B, T, C].
import { type Conv1dShape } from "./conv1d";

function preActivation(
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  s: Conv1dShape,
  b: number,
  t: number,
  c: number,
): number {
  let pre = bias[c]!;
  for (let k = 0; k < s.K; k++) {
    const tt = t - (s.K - 1) + k;
    if (tt >= 0) pre += w[c * s.K + k]! * x[(b * s.T + tt) * s.C + c]!;
  }
  return pre;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function conv1dRef(
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  s: Conv1dShape,
): Float32Array {
  const y = new Float32Array(s.B * s.T * s.C);
  for (let b = 0; b < s.B; b++)
    for (let t = 0; t < s.T; t++)
      for (let c = 0; c < s.C; c++) {
        const pre = preActivation(x, w, bias, s, b, t, c);
        y[(b * s.T + t) * s.C + c] = pre * sigmoid(pre);
      }
  return y;
}

export function conv1dBackwardRef(
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  dy: Float32Array,
  s: Conv1dShape,
): { dx: Float32Array; dw: Float32Array; dbias: Float32Array } {
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(s.C * s.K);
  const dbias = new Float64Array(s.C);
  for (let b = 0; b < s.B; b++)
    for (let t = 0; t < s.T; t++)
      for (let c = 0; c < s.C; c++) {
        const pre = preActivation(x, w, bias, s, b, t, c);
        const sig = sigmoid(pre);
        const dpre = dy[(b * s.T + t) * s.C + c]! * sig * (1 + pre * (1 - sig));
        dbias[c]! += dpre;
        for (let k = 0; k < s.K; k++) {
          const tt = t - (s.K - 1) + k;
          if (tt < 0) continue;
          const xi = (b * s.T + tt) * s.C + c;
          dw[c * s.K + k]! += dpre * x[xi]!;
          dx[xi]! += dpre * w[c * s.K + k]!;
        }
      }
  return { dx: Float32Array.from(dx), dw: Float32Array.from(dw), dbias: Float32Array.from(dbias) };
}
