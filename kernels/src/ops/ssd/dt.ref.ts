// CPU reference for dt = softplus(dt_raw + dt_bias) and A = −exp(A_log) (float64), on contiguous dt_raw[rows, H].

export function softplus(v: number): number {
  return v > 20 ? v : Math.log1p(Math.exp(v));
}

export function dtRef(raw: Float32Array, bias: Float32Array, H: number): Float32Array {
  return raw.map((v, i) => softplus(v + bias[i % H]!));
}

export function aRef(Alog: Float32Array): Float32Array {
  return Alog.map((v) => -Math.exp(v));
}

export function dtBackwardRef(
  raw: Float32Array,
  bias: Float32Array,
  Alog: Float32Array,
  ddt: Float32Array,
  dA: Float32Array,
  H: number,
): { draw: Float32Array; dbias: Float32Array; dAlog: Float32Array } {
  const draw = raw.map((v, i) => ddt[i]! / (1 + Math.exp(-(v + bias[i % H]!))));
  const dbias = new Float64Array(H);
  draw.forEach((d, i) => (dbias[i % H]! += d));
  return { draw, dbias: Float32Array.from(dbias), dAlog: Alog.map((v, h) => -dA[h]! * Math.exp(v)) };
}
