// CPU reference for LayerNorm / RMSNorm (float64).
import { NORM_EPS, type NormKind } from "./norm";

export function normRef(
  kind: NormKind,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  M: number,
  C: number,
) {
  const y = new Float32Array(M * C);
  for (let m = 0; m < M; m++) {
    const row = x.subarray(m * C, (m + 1) * C);
    const mean = kind === "layernorm" ? row.reduce((a, v) => a + v, 0) / C : 0;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / C;
    const rstd = 1 / Math.sqrt(variance + NORM_EPS);
    for (let c = 0; c < C; c++) y[m * C + c] = (row[c]! - mean) * rstd * w[c]! + (b ? b[c]! : 0);
  }
  return y;
}

/** Loss L = Σ y·dy, so its gradients are the norm's backward given dy. */
export function normLossRef(
  kind: NormKind,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  dy: Float32Array,
  M: number,
  C: number,
): number {
  const y = normRef(kind, x, w, b, M, C);
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss += y[i]! * dy[i]!;
  return loss;
}

export function normBackwardRef(
  kind: NormKind,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  M: number,
  C: number,
) {
  const dx = new Float32Array(M * C);
  const dw = new Float64Array(C);
  const db = new Float64Array(C);
  for (let m = 0; m < M; m++) {
    const row = x.subarray(m * C, (m + 1) * C);
    const mean = kind === "layernorm" ? row.reduce((a, v) => a + v, 0) / C : 0;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / C;
    const rstd = 1 / Math.sqrt(variance + NORM_EPS);
    let meanG = 0;
    let meanGX = 0;
    for (let c = 0; c < C; c++) {
      const g = dy[m * C + c]! * w[c]!;
      meanG += g / C;
      meanGX += (g * (row[c]! - mean) * rstd) / C;
    }
    if (kind === "rmsnorm") meanG = 0;
    for (let c = 0; c < C; c++) {
      const xhat = (row[c]! - mean) * rstd;
      dx[m * C + c] = rstd * (dy[m * C + c]! * w[c]! - meanG - xhat * meanGX);
      dw[c]! += dy[m * C + c]! * xhat;
      db[c]! += dy[m * C + c]!;
    }
  }
  return { dx, dw: Float32Array.from(dw), db: Float32Array.from(db) };
}
