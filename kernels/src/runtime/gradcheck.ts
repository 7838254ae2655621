// Finite-difference gradient checks: the GPU backward of each op against central differences of its
// CPU forward reference, on a few sampled coordinates of tiny shapes.
import { Rng } from "./random";
import { expectClose, type Tolerance } from "./compare";

export function checkGradient(
  label: string,
  loss: (x: Float32Array) => number,
  x: Float32Array,
  analytic: ArrayLike<number>,
  opts: { samples?: number; eps?: number; tol?: Tolerance; seed?: number } = {},
): void {
  const rng = new Rng(opts.seed ?? 1);
  const eps = opts.eps ?? 1e-2;
  const samples = Math.min(opts.samples ?? 12, x.length);
  const got: number[] = [];
  const numeric: number[] = [];
  for (let s = 0; s < samples; s++) {
    const i = rng.int(x.length);
    const probe = new Float32Array(x);
    probe[i] = x[i]! + eps;
    const up = loss(probe);
    probe[i] = x[i]! - eps;
    const down = loss(probe);
    numeric.push((up - down) / (2 * eps));
    got.push(analytic[i]!);
  }
  expectClose(got, numeric, opts.tol ?? { atol: 2e-3, rtol: 2e-2 }, `${label} finite differences`);
}

/** Σ a·b in float64, the scalar "loss" whose gradient with respect to a is b. */
export function dotLoss(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
