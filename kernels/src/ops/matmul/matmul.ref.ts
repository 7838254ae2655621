// CPU reference for matmul (float64 accumulation).
import { type MatmulConfig } from "./matmul";

export function matmulRef(
  cfg: MatmulConfig,
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
  c: Float32Array,
  residual: Float32Array | null,
  M: number,
  N: number,
  K: number,
): Float32Array {
  const out = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const av = cfg.transA ? a[k * M + m]! : a[m * K + k]!;
        const bv = cfg.transB ? b[n * K + k]! : b[k * N + n]!;
        sum += av * bv;
      }
      if (bias) sum += bias[n]!;
      if (cfg.accumulate) sum += c[m * N + n]!;
      if (residual) sum += residual[m * N + n]!;
      out[m * N + n] = sum;
    }
  }
  return out;
}
