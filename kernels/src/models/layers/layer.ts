// What a layer type gives the model builder (network.ts). Every entry of architecture.layers is a
// pre-norm residual sublayer out = x + layer(norm(x)): network.ts owns the norm, the residual stream,
// the flat parameter buffer and the embedding and head; a layer type (one file in this folder, one line
// in registry.ts) owns the rest: its engine limits, its parameters and its forward and backward launches.
import { type TArchitecture, type TLayer } from "@forge/spec";
import { type Tensor } from "../../runtime/buffers";
import { type Dispatch } from "../../runtime/dispatch";
import { type EngineDevice } from "../../runtime/device";
import { type ParamSpec } from "../parameters";
import { type Linear } from "./linear";

export type LayerType<L extends TLayer> = {
  /** The engine's own limits on this layer, beyond the schema: throws SpecError naming `${at}.field`. */
  check?(layer: L, arch: TArchitecture, at: string): void;
  /**
   * Parameters in init order, named relative to the layer ("qkv.w"). The order fixes the flat layout
   * and the seeded init, so checkpoints and the PyTorch cross-check depend on it.
   */
  params(layer: L, arch: TArchitecture): ParamSpec[];
  /**
   * Floats per position of each backward scratch tensor the layer uses, largest first. The i-th tensor
   * is shared with every other layer's i-th (backward passes run one layer at a time), and the largest
   * is checked against the device's binding limit.
   */
  scratch(layer: L, arch: TArchitecture): number[];
  /** Allocates the layer's activations and prepares its launches for one (batch, seqLen). */
  build(layer: L, ctx: LayerContext): LayerLaunches;
};

export type LayerContext = {
  dev: EngineDevice;
  arch: TArchitecture;
  /** Batch, sequence length, positions (B·T) and model width. */
  B: number;
  T: number;
  M: number;
  C: number;
  /** norm(x) [M, C], the layer's input. */
  input: Tensor;
  /** x [M, C], the residual stream the layer adds to. */
  residual: Tensor;
  /** [M, C]: the forward writes x + layer(norm(x)) here (fused into its last launch where it can). */
  out: Tensor;
  /** ∂loss/∂out [M, C]. Read only: it is also the residual stream's gradient, which the norm's backward
   * then accumulates into. */
  dOut: Tensor;
  /** ∂loss/∂input [M, C]: the backward writes (not adds) it; every element once, so nothing is zeroed. */
  dInput: Tensor;
  /** One tensor per entry of the layer's `scratch`, M·width floats each, free between its launches. */
  scratch: Tensor[];
  /** A new tensor held as long as the network (activations kept for the backward). */
  tensor(length: number): Tensor;
  /** The layer's parameters and their gradients, named as in `params` ("norm" is the network's). */
  param(name: string): Tensor;
  grad(name: string): Tensor;
  /** The linear layer whose weights are `${name}.w` (and `${name}.b` when the layer has biases). */
  linear(name: string): Linear;
};

export type LayerLaunches = { forward: Dispatch[]; backward: Dispatch[] };

/** GPT-2 init: weights N(0, 0.02), projections into the residual stream scaled by 1/sqrt(2·layers). */
export const INIT_STD = 0.02;
export function residualInitStd(arch: TArchitecture): number {
  return INIT_STD / Math.sqrt(2 * arch.layers.length);
}

/** A linear layer's parameters: weight [out, in] (normal init), bias [out] (zeros) when asked for. */
export function linearSpecs(name: string, out: number, inp: number, bias: boolean, std: number): ParamSpec[] {
  const weight: ParamSpec = { name: `${name}.w`, shape: [out, inp], init: { kind: "normal", std } };
  return bias ? [weight, { name: `${name}.b`, shape: [out], init: { kind: "zeros" } }] : [weight];
}
