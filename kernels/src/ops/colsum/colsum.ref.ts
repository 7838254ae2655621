// CPU reference for column sums (float64).
export function colsumRef(x: Float32Array, M: number, N: number): Float32Array {
  const out = new Float64Array(N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) out[n]! += x[m * N + n]!;
  return Float32Array.from(out);
}
