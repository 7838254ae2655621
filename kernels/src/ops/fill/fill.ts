// Zero fill inside the step's compute pass (clearBuffer would need a second pass): untied embedding
// gradients start from zero because the scatter only touches the rows of tokens in the batch.
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;

export function shaderKey(): string {
  return "fill:zero";
}

export function buildShader(): string {
  return /* wgsl */ `
struct Shape { n: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read_write> X: array<f32>;
${threadPerElement(WG, "X[i] = 0.0;")}`;
}

export function zeroFill(dev: EngineDevice, x: Tensor): Dispatch {
  const pipeline = dev.pipelines.get(shaderKey(), buildShader);
  return makeDispatch(dev, "zero_fill", pipeline, [uniforms(dev.gpu, [x.length]), x], grid1d(x.length, WG));
}
