// MLP layer: fc, then GELU (exact erf) or SwiGLU (fc writes [gate | up], 2·d_ff wide), then fc2 fused
// with the residual add.
import { type TMlpLayer } from "@forge/spec";
import { gelu } from "../../ops/gelu/gelu";
import { swiglu, swigluBackward } from "../../ops/swiglu/swiglu";
import { INIT_STD, linearSpecs, residualInitStd, type LayerType } from "./layer";

/** Floats per position of the fc output. */
const fcWidth = (layer: TMlpLayer) => (layer.act === "swiglu" ? 2 * layer.d_ff : layer.d_ff);

export const mlp: LayerType<TMlpLayer> = {
  params(layer, arch) {
    return [
      ...linearSpecs("fc", fcWidth(layer), arch.d_model, layer.bias, INIT_STD),
      ...linearSpecs("fc2", arch.d_model, layer.d_ff, layer.bias, residualInitStd(arch)),
    ];
  },

  // dfc, then the gradient of the activation.
  scratch: (layer) => [fcWidth(layer), layer.d_ff],

  build(layer, ctx) {
    const { dev, M } = ctx;
    const F = layer.d_ff;
    const fcOut = ctx.tensor(M * fcWidth(layer));
    const act = ctx.tensor(M * F);
    const [dfc, dact] = ctx.scratch;
    if (!dfc || !dact) throw new Error("mlp: backward scratch missing");
    const fc = ctx.linear("fc");
    const fc2 = ctx.linear("fc2");
    const swi = layer.act === "swiglu";
    const forward = [
      ...fc.forward(ctx.input, fcOut),
      swi ? swiglu(dev, fcOut, act, M, F) : gelu(dev, fcOut, act, M * F),
      ...fc2.forward(act, ctx.out, ctx.residual),
    ];
    const backward = [
      ...fc2.backward(act, ctx.dOut, dact),
      swi ? swigluBackward(dev, fcOut, dact, dfc, M, F) : gelu(dev, fcOut, dfc, M * F, dact),
      ...fc.backward(ctx.input, dfc, ctx.dInput),
    ];
    return { forward, backward };
  },
};
