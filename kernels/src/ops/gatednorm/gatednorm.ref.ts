// CPU reference for the gated RMSNorm out = rmsnorm(y·silu(z))·w (float64), on contiguous y and z [M, C].
import { NORM_EPS } from "../norm/norm";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function gatedNormRef(
  y: Float32Array,
  z: Float32Array,
  w: Float32Array,
  M: number,
  C: number,
): Float32Array {
  const out = new Float32Array(M * C);
  for (let m = 0; m < M; m++) {
    const g = Array.from({ length: C }, (_, c) => y[m * C + c]! * z[m * C + c]! * sigmoid(z[m * C + c]!));
    const rstd = 1 / Math.sqrt(g.reduce((a, v) => a + v * v, 0) / C + NORM_EPS);
    for (let c = 0; c < C; c++) out[m * C + c] = g[c]! * rstd * w[c]!;
  }
  return out;
}

export function gatedNormBackwardRef(
  y: Float32Array,
  z: Float32Array,
  w: Float32Array,
  dout: Float32Array,
  M: number,
  C: number,
): { dy: Float32Array; dz: Float32Array; dw: Float32Array } {
  const dy = new Float32Array(M * C);
  const dz = new Float32Array(M * C);
  const dw = new Float64Array(C);
  for (let m = 0; m < M; m++) {
    const at = (c: number) => m * C + c;
    const g = Array.from({ length: C }, (_, c) => y[at(c)]! * z[at(c)]! * sigmoid(z[at(c)]!));
    const rstd = 1 / Math.sqrt(g.reduce((a, v) => a + v * v, 0) / C + NORM_EPS);
    let meanGX = 0;
    for (let c = 0; c < C; c++) meanGX += (dout[at(c)]! * w[c]! * g[c]! * rstd) / C;
    for (let c = 0; c < C; c++) {
      const ghat = g[c]! * rstd;
      const dg = rstd * (dout[at(c)]! * w[c]! - ghat * meanGX);
      const sig = sigmoid(z[at(c)]!);
      dy[at(c)] = dg * z[at(c)]! * sig;
      dz[at(c)] = dg * y[at(c)]! * sig * (1 + z[at(c)]! * (1 - sig));
      dw[c]! += dout[at(c)]! * ghat;
    }
  }
  return { dy, dz, dw: Float32Array.from(dw) };
}
