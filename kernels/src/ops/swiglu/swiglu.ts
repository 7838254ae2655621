// SwiGLU: input h[M, 2F] holds [gate | up] per row; y[M, F] = silu(gate)·up.
//   backward: dgate = dy·up·σ(g)·(1 + g·(1 − σ(g))),  dup = dy·silu(g), written into dh[M, 2F].
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;

export function validate(h: Tensor, y: Tensor, M: number, F: number): void {
  if (h.length < 2 * M * F) throw new Error(`swiglu: input holds ${h.length} < 2*M*F=${2 * M * F}`);
  if (y.length < M * F) throw new Error(`swiglu: output holds ${y.length} < M*F=${M * F}`);
}

export function shaderKey(backward: boolean): string {
  return `swiglu:${backward ? "bwd" : "fwd"}`;
}

export function buildShader(backward: boolean): string {
  const body = backward
    ? `let sig = 1.0 / (1.0 + exp(-g));
       let d = DY[i];
       DH[row * 2u * s.F + col] = d * u * sig * (1.0 + g * (1.0 - sig));
       DH[row * 2u * s.F + s.F + col] = d * g * sig;`
    : `Y[i] = g / (1.0 + exp(-g)) * u;`;
  return /* wgsl */ `
struct Shape { n: u32, F: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> H: array<f32>;
${backward ? "@group(0) @binding(2) var<storage, read> DY: array<f32>;\n@group(0) @binding(3) var<storage, read_write> DH: array<f32>;" : "@group(0) @binding(2) var<storage, read_write> Y: array<f32>;"}
${threadPerElement(
  WG,
  `let row = i / s.F;
  let col = i % s.F;
  let g = H[row * 2u * s.F + col];
  let u = H[row * 2u * s.F + s.F + col];
  ${body}`,
)}`;
}

export function swiglu(dev: EngineDevice, h: Tensor, y: Tensor, M: number, F: number): Dispatch {
  validate(h, y, M, F);
  const pipeline = dev.pipelines.get(shaderKey(false), () => buildShader(false));
  return makeDispatch(dev, "swiglu_fwd", pipeline, [uniforms(dev.gpu, [M * F, F]), h, y], grid1d(M * F, WG));
}

export function swigluBackward(
  dev: EngineDevice,
  h: Tensor,
  dy: Tensor,
  dh: Tensor,
  M: number,
  F: number,
): Dispatch {
  validate(h, dy, M, F);
  validate(dh, dy, M, F);
  const pipeline = dev.pipelines.get(shaderKey(true), () => buildShader(true));
  return makeDispatch(
    dev,
    "swiglu_bwd",
    pipeline,
    [uniforms(dev.gpu, [M * F, F]), h, dy, dh],
    grid1d(M * F, WG),
  );
}
