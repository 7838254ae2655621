// CPU reference for the network's forward (buildModel), composed from the ops' CPU references: the
// per-position next-token losses for a batch of windows, given the flat parameter buffer and its layout.
// Slow and exact; for tests on tiny shapes only.
import { type TArchitecture } from "@forge/spec";
import { embeddingRef } from "../ops/embedding/embedding.ref";
import { normRef } from "../ops/norm/norm.ref";
import { matmulRef } from "../ops/matmul/matmul.ref";
import { attentionRef, ropeRef } from "../ops/attention/attention.ref";
import { geluRef } from "../ops/gelu/gelu.ref";
import { swigluRef } from "../ops/swiglu/swiglu.ref";
import { crossEntropyRef } from "../ops/crossentropy/crossentropy.ref";
import { conv1dRef } from "../ops/conv1d/conv1d.ref";
import { dtRef, aRef } from "../ops/ssd/dt.ref";
import { ssdRef } from "../ops/ssd/ssd.ref";
import { gatedNormRef } from "../ops/gatednorm/gatednorm.ref";
import { MAMBA2_CONV_WIDTH } from "@forge/spec";
import { mamba2Dims } from "./layers/mamba2";
import { type ParamLayout } from "./parameters";

const LINEAR = { transA: false, transB: true, bias: false, accumulate: false, residual: false } as const;

/** Losses (nats) at each of the B·T positions of `inputs`, predicting `targets`. */
export function forwardLossesRef(
  arch: TArchitecture,
  layout: ParamLayout,
  params: Float32Array,
  inputs: Uint32Array,
  targets: Uint32Array,
  B: number,
  T: number,
): Float32Array {
  const C = arch.d_model;
  const V = arch.vocab;
  const M = B * T;
  const param = (name: string): Float32Array => {
    const e = layout.byName.get(name);
    if (!e) throw new Error(`no parameter ${name}`);
    return params.subarray(e.offset, e.offset + e.length);
  };
  const maybe = (name: string) => (layout.byName.has(name) ? param(name) : null);
  // out = x·Wᵀ + b (+ residual), as the network's linear layers.
  const linear = (x: Float32Array, name: string, N: number, K: number, residual?: Float32Array) => {
    const bias = maybe(`${name}.b`);
    const out = matmulRef(
      { ...LINEAR, bias: bias !== null },
      x,
      param(`${name}.w`),
      bias,
      new Float32Array(M * N),
      null,
      M,
      N,
      K,
    );
    if (residual) for (let i = 0; i < out.length; i++) out[i]! += residual[i]!;
    return out;
  };
  const norm = (x: Float32Array, prefix: string) =>
    normRef(arch.norm, x, param(`${prefix}.norm.w`), maybe(`${prefix}.norm.b`), M, C);

  let x = embeddingRef(inputs, param("wte"), maybe("wpe"), C, T);
  arch.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    const h = norm(x, p);
    if (layer.type === "attention") {
      const s = { B, T, Hq: layer.heads, Hkv: layer.kv_heads, D: C / layer.heads };
      let qkv = linear(h, `${p}.qkv`, (s.Hq + 2 * s.Hkv) * s.D, C);
      if (layer.rope) qkv = ropeRef(qkv, s);
      x = linear(attentionRef(qkv, s), `${p}.proj`, C, s.Hq * s.D, x);
    } else if (layer.type === "mlp") {
      const F = layer.d_ff;
      const fc = linear(h, `${p}.fc`, layer.act === "swiglu" ? 2 * F : F, C);
      const act = layer.act === "swiglu" ? swigluRef(fc, M, F) : geluRef(fc);
      x = linear(act, `${p}.fc2`, C, F, x);
    } else if (layer.type === "mamba2") {
      const m = mamba2Dims(layer, C);
      const zxbcdt = linear(h, `${p}.in_proj`, m.width, C);
      const columns = (from: number, n: number) => {
        const out = new Float32Array(M * n);
        for (let r = 0; r < M; r++)
          out.set(zxbcdt.subarray(r * m.width + from, r * m.width + from + n), r * n);
        return out;
      };
      const conv = { B, T, C: m.convChannels, K: MAMBA2_CONV_WIDTH };
      const xbc = conv1dRef(
        columns(m.inner, m.convChannels),
        param(`${p}.conv.w`),
        param(`${p}.conv.b`),
        conv,
      );
      const dt = dtRef(columns(m.inner + m.convChannels, m.heads), param(`${p}.dt_bias`), m.heads);
      const ssd = { B, T, H: m.heads, P: layer.head_dim, N: layer.d_state, Q: layer.chunk };
      const y = ssdRef({ xbc, dt, A: aRef(param(`${p}.A_log`)), D: param(`${p}.D`) }, ssd);
      const gated = gatedNormRef(y, columns(0, m.inner), param(`${p}.out_norm.w`), M, m.inner);
      x = linear(gated, `${p}.out_proj`, C, m.inner, x);
    } else {
      throw new Error(`layers[${i}]: ${layer.type} has no CPU reference`);
    }
  });
  const head = arch.tie_embeddings ? param("wte") : param("head");
  const logits = matmulRef(LINEAR, norm(x, "final"), head, null, new Float32Array(M * V), null, M, V, C);
  return crossEntropyRef(logits, targets, M, V).losses;
}
