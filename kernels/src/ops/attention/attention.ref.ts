// CPU reference for RoPE + causal GQA attention (float64), naive O(T²): forward and gradients.
import { type AttentionShape } from "./attention";
import { ROPE_BASE } from "./rope";

export function ropeRef(qkv: Float32Array, s: AttentionShape, backward = false): Float32Array {
  const out = new Float32Array(qkv);
  const W = (s.Hq + 2 * s.Hkv) * s.D;
  const half = s.D / 2;
  for (let b = 0; b < s.B; b++)
    for (let t = 0; t < s.T; t++)
      for (let h = 0; h < s.Hq + s.Hkv; h++)
        for (let i = 0; i < half; i++) {
          const angle = t * Math.pow(ROPE_BASE, (-2 * i) / s.D);
          const c = Math.cos(angle);
          const sn = backward ? -Math.sin(angle) : Math.sin(angle);
          const base = (b * s.T + t) * W + h * s.D;
          const x1 = qkv[base + i]!;
          const x2 = qkv[base + i + half]!;
          out[base + i] = x1 * c - x2 * sn;
          out[base + i + half] = x2 * c + x1 * sn;
        }
  return out;
}

function views(s: AttentionShape) {
  const W = (s.Hq + 2 * s.Hkv) * s.D;
  const group = s.Hq / s.Hkv;
  return {
    q: (b: number, t: number, h: number) => (b * s.T + t) * W + h * s.D,
    k: (b: number, t: number, h: number) => (b * s.T + t) * W + (s.Hq + Math.floor(h / group)) * s.D,
    v: (b: number, t: number, h: number) => (b * s.T + t) * W + (s.Hq + s.Hkv + Math.floor(h / group)) * s.D,
    o: (b: number, t: number, h: number) => (b * s.T + t) * s.Hq * s.D + h * s.D,
  };
}

function probabilities(qkv: Float32Array, s: AttentionShape, b: number, h: number, i: number): Float64Array {
  const ix = views(s);
  const scale = 1 / Math.sqrt(s.D);
  const scores = new Float64Array(i + 1);
  for (let j = 0; j <= i; j++) {
    let dot = 0;
    for (let d = 0; d < s.D; d++) dot += qkv[ix.q(b, i, h) + d]! * qkv[ix.k(b, j, h) + d]!;
    scores[j] = dot * scale;
  }
  const max = Math.max(...scores);
  let sum = 0;
  for (let j = 0; j <= i; j++) sum += Math.exp(scores[j]! - max);
  return scores.map((x) => Math.exp(x - max) / sum);
}

export function attentionRef(qkv: Float32Array, s: AttentionShape): Float32Array {
  const ix = views(s);
  const o = new Float32Array(s.B * s.T * s.Hq * s.D);
  for (let b = 0; b < s.B; b++)
    for (let h = 0; h < s.Hq; h++)
      for (let i = 0; i < s.T; i++) {
        const p = probabilities(qkv, s, b, h, i);
        for (let d = 0; d < s.D; d++) {
          let acc = 0;
          for (let j = 0; j <= i; j++) acc += p[j]! * qkv[ix.v(b, j, h) + d]!;
          o[ix.o(b, i, h) + d] = acc;
        }
      }
  return o;
}

/** Gradient of Σ o·dO with respect to qkv (q, k, v parts in qkv's layout). */
export function attentionBackwardRef(qkv: Float32Array, dO: Float32Array, s: AttentionShape): Float32Array {
  const ix = views(s);
  const scale = 1 / Math.sqrt(s.D);
  const dqkv = new Float64Array(qkv.length);
  for (let b = 0; b < s.B; b++)
    for (let h = 0; h < s.Hq; h++)
      for (let i = 0; i < s.T; i++) {
        const p = probabilities(qkv, s, b, h, i);
        const dp = new Float64Array(i + 1);
        for (let j = 0; j <= i; j++) {
          for (let d = 0; d < s.D; d++) {
            dp[j]! += dO[ix.o(b, i, h) + d]! * qkv[ix.v(b, j, h) + d]!;
            dqkv[ix.v(b, j, h) + d]! += p[j]! * dO[ix.o(b, i, h) + d]!;
          }
        }
        let delta = 0;
        for (let j = 0; j <= i; j++) delta += p[j]! * dp[j]!;
        for (let j = 0; j <= i; j++) {
          const ds = p[j]! * (dp[j]! - delta) * scale;
          for (let d = 0; d < s.D; d++) {
            dqkv[ix.q(b, i, h) + d]! += ds * qkv[ix.k(b, j, h) + d]!;
            dqkv[ix.k(b, j, h) + d]! += ds * qkv[ix.q(b, i, h) + d]!;
          }
        }
      }
  return Float32Array.from(dqkv);
}
