// GELU, exact erf form (PyTorch's F.gelu default), forward and backward.
//   forward:  y = x·Φ(x)        backward: dx = dy·(Φ(x) + x·φ(x))
// WGSL has no erf: snippets/erf.ts gives one accurate to ~1e-7, well inside fp32 training noise.
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { ERF_WGSL } from "../../snippets/erf";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;

export function validate(x: Tensor, out: Tensor, n: number): void {
  if (x.length < n || out.length < n) throw new Error(`gelu: tensors hold fewer than n=${n} elements`);
}

export function shaderKey(backward: boolean): string {
  return `gelu:${backward ? "bwd" : "fwd"}`;
}

export function buildShader(backward: boolean): string {
  const body = backward
    ? `let x = X[i]; let cdf = 0.5 * (1.0 + erf(x * 0.7071067811865476));
       let pdf = 0.3989422804014327 * exp(-0.5 * x * x);
       OUT[i] = DY[i] * (cdf + x * pdf);`
    : `let x = X[i]; OUT[i] = 0.5 * x * (1.0 + erf(x * 0.7071067811865476));`;
  return /* wgsl */ `
struct Shape { n: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
${backward ? "@group(0) @binding(3) var<storage, read> DY: array<f32>;" : ""}
${ERF_WGSL}
${threadPerElement(WG, body)}`;
}

/** out = gelu(x), or with dy given: out = dy·gelu'(x). out may alias dy. */
export function gelu(dev: EngineDevice, x: Tensor, out: Tensor, n: number, dy?: Tensor): Dispatch {
  validate(x, out, n);
  const backward = dy !== undefined;
  const pipeline = dev.pipelines.get(shaderKey(backward), () => buildShader(backward));
  const bindings = [uniforms(dev.gpu, [n]), x, out];
  if (dy) bindings.push(dy);
  return makeDispatch(dev, backward ? "gelu_bwd" : "gelu_fwd", pipeline, bindings, grid1d(n, WG));
}
