// Causal self-attention layer: qkv projection, RoPE on q and k (when the layer asks for it), flash
// attention with grouped KV heads, output projection fused with the residual add.
import { type TAttentionLayer } from "@forge/spec";
import { attentionForward, attentionBackward, type AttentionShape } from "../../ops/attention/attention";
import { rope } from "../../ops/attention/rope";
import { SpecError } from "../spec-error";
import { INIT_STD, linearSpecs, residualInitStd, type LayerType } from "./layer";

function shapeOf(layer: TAttentionLayer, C: number, B = 1, T = 1): AttentionShape {
  return { B, T, Hq: layer.heads, Hkv: layer.kv_heads, D: C / layer.heads };
}

/** Floats per position of the fused q, k, v projection. */
const qkvWidth = (s: AttentionShape) => (s.Hq + 2 * s.Hkv) * s.D;

export const attention: LayerType<TAttentionLayer> = {
  check(layer, arch, at) {
    const C = arch.d_model;
    if (C % layer.heads !== 0)
      throw new SpecError(`${at}.heads`, `${layer.heads} heads do not divide d_model ${C}`);
    if (layer.heads % layer.kv_heads !== 0)
      throw new SpecError(`${at}.kv_heads`, `${layer.kv_heads} does not divide heads ${layer.heads}`);
    const D = C / layer.heads;
    if (D % 4 !== 0)
      throw new SpecError(`${at}.heads`, `head dim d_model/heads = ${D} must be a multiple of 4`);
    if (layer.rope && arch.positional !== "rope")
      throw new SpecError(`${at}.rope`, `needs positional: rope, got ${arch.positional}`);
  },

  params(layer, arch) {
    const s = shapeOf(layer, arch.d_model);
    return [
      ...linearSpecs("qkv", qkvWidth(s), arch.d_model, layer.bias, INIT_STD),
      ...linearSpecs("proj", arch.d_model, s.Hq * s.D, layer.bias, residualInitStd(arch)),
    ];
  },

  // dqkv, dO, and δ (one float per query head and position).
  scratch(layer, arch) {
    const s = shapeOf(layer, arch.d_model);
    return [qkvWidth(s), s.Hq * s.D, s.Hq];
  },

  build(layer, ctx) {
    const { dev, B, T, M } = ctx;
    const s = shapeOf(layer, ctx.C, B, T);
    const qkv = ctx.tensor(M * qkvWidth(s));
    const o = ctx.tensor(M * s.Hq * s.D);
    const lse = ctx.tensor(B * s.Hq * T);
    const [dqkv, dO, delta] = ctx.scratch;
    if (!dqkv || !dO || !delta) throw new Error("attention: backward scratch missing");
    const qkvProj = ctx.linear("qkv");
    const proj = ctx.linear("proj");
    const forward = [
      ...qkvProj.forward(ctx.input, qkv),
      ...(layer.rope ? [rope(dev, qkv, s, false)] : []),
      attentionForward(dev, s, { qkv, o, lse }),
      ...proj.forward(o, ctx.out, ctx.residual),
    ];
    const backward = [
      ...proj.backward(o, ctx.dOut, dO),
      ...attentionBackward(dev, s, { qkv, o, dO, lse, delta, dqkv }),
      ...(layer.rope ? [rope(dev, dqkv, s, true)] : []),
      ...qkvProj.backward(ctx.input, dqkv, ctx.dInput),
    ];
    return { forward, backward };
  },
};
