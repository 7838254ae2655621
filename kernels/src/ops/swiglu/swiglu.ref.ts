// CPU reference for SwiGLU (float64).
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function swigluRef(h: Float32Array, M: number, F: number): Float32Array {
  const y = new Float32Array(M * F);
  for (let m = 0; m < M; m++) {
    for (let f = 0; f < F; f++) {
      const g = h[m * 2 * F + f]!;
      y[m * F + f] = g * sigmoid(g) * h[m * 2 * F + F + f]!;
    }
  }
  return y;
}

export function swigluBackwardRef(h: Float32Array, dy: Float32Array, M: number, F: number): Float32Array {
  const dh = new Float32Array(2 * M * F);
  for (let m = 0; m < M; m++) {
    for (let f = 0; f < F; f++) {
      const g = h[m * 2 * F + f]!;
      const u = h[m * 2 * F + F + f]!;
      const d = dy[m * F + f]!;
      const sg = sigmoid(g);
      dh[m * 2 * F + f] = d * u * sg * (1 + g * (1 - sg));
      dh[m * 2 * F + F + f] = d * g * sg;
    }
  }
  return dh;
}
