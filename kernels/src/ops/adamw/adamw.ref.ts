// CPU reference for AdamW with global-norm clipping (float64), PyTorch's formula.
import { type AdamWHyper } from "./adamw";

export function adamwRef(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  decayCount: number,
  h: AdamWHyper,
  step: number,
) {
  const norm = Math.sqrt(g.reduce((a, x) => a + x * x, 0));
  const scale = h.gradClip > 0 ? Math.min(1, h.gradClip / (norm + 1e-6)) : 1;
  const bc1 = 1 - h.beta1 ** step;
  const bc2 = 1 - h.beta2 ** step;
  const P = new Float32Array(p);
  const Mo = new Float32Array(m);
  const Vo = new Float32Array(v);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]! * scale;
    Mo[i] = h.beta1 * m[i]! + (1 - h.beta1) * gi;
    Vo[i] = h.beta2 * v[i]! + (1 - h.beta2) * gi * gi;
    let pi = p[i]!;
    if (i < decayCount) pi *= 1 - h.lr * h.weightDecay;
    P[i] = pi - ((h.lr / bc1) * Mo[i]!) / (Math.sqrt(Vo[i]!) / Math.sqrt(bc2) + h.eps);
  }
  return { p: P, m: Mo, v: Vo, norm };
}
