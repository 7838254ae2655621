// CPU reference for GELU (float64, erf by a high-precision series / continued fraction).

function erf(x: number): number {
  // Maclaurin series converges fast for |x| < 3; beyond that erf is 1 to double precision for our use.
  const z = Math.abs(x);
  if (z > 5) return Math.sign(x);
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
}

export function geluRef(x: Float32Array): Float32Array {
  return x.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
}

export function geluBackwardRef(x: Float32Array, dy: Float32Array): Float32Array {
  return x.map((v, i) => {
    const cdf = 0.5 * (1 + erf(v / Math.SQRT2));
    const pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
    return dy[i]! * (cdf + v * pdf);
  });
}
