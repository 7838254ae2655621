// Paired statistics for head-vs-base comparisons over seeds. The Student t distribution is implemented here
// (regularised incomplete beta by Lentz's continued fraction, as in Numerical Recipes §6.4) so the results
// need no statistics dependency; statistics.test.ts pins it against published table values.

export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

// ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
const LANCZOS_HEAD = 0.99999999999980993;
const LANCZOS_TERMS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_HEAD;
  for (const [i, term] of LANCZOS_TERMS.entries()) sum += term / (z + i + 1);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only below the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t value with P(T <= t) = p, by bisection on the CDF (monotone; 200 halvings reach double precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export type TPairedTest = {
  n: number;
  /** Mean of head - base over the pairs. */
  delta: number;
  /** 95% confidence interval of the mean delta (t distribution); null with fewer than two pairs. */
  ci95: [number, number] | null;
  /** Two-sided p-value of the paired t-test against a zero mean delta; null with fewer than two pairs. */
  pValue: number | null;
};

/** Paired t-test of head against base: pairs share a seed, so seed-to-seed variation cancels. */
export function pairedTTest(base: readonly number[], head: readonly number[]): TPairedTest {
  if (base.length !== head.length) throw new RangeError(`unpaired samples: ${base.length} vs ${head.length}`);
  const deltas = head.map((h, i) => h - (base[i] ?? Number.NaN)); // lengths checked above
  const n = deltas.length;
  const delta = mean(deltas);
  if (n < 2) return { n, delta, ci95: null, pValue: null };
  const se = sampleStd(deltas) / Math.sqrt(n);
  const df = n - 1;
  const half = studentTQuantile(0.975, df) * se;
  // Identical pairs (se 0): a nonzero delta is certain, a zero delta carries no evidence either way.
  const pValue = se === 0 ? (delta === 0 ? 1 : 0) : 2 * (1 - studentTCdf(Math.abs(delta / se), df));
  return { n, delta, ci95: [delta - half, delta + half], pValue };
}
