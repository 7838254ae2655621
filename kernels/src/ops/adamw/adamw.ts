// AdamW over the flat parameter buffer with global-norm gradient clipping, PyTorch's update order:
//   g ← g·min(1, clip/(‖g‖ + 1e-6));  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
//   p ← p·(1 − lr·wd)  (only the first decayCount elements: matrices; norms and biases are not decayed)
//   p ← p − (lr/bc1) · m / (sqrt(v)/sqrt(bc2) + eps)
// ‖g‖ comes from per-workgroup partial sums of squares; every update workgroup re-reduces the same
// partials in the same order, so the norm is deterministic and needs no extra launch or readback.
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { workgroupReduce } from "../../snippets/workgroup-reduce";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;
export const NORM_PARTIALS = 256;

export type AdamWHyper = {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  gradClip: number;
};

export function validate(params: Tensor, grads: Tensor, m: Tensor, v: Tensor, decayCount: number): void {
  const n = params.length;
  if (grads.length !== n || m.length !== n || v.length !== n)
    throw new Error("adamw: params, grads, m, v differ in length");
  if (decayCount > n) throw new Error(`adamw: decayCount ${decayCount} > ${n} parameters`);
}

export function shaderKey(pass: "sumsq" | "update"): string {
  return `adamw:${pass}`;
}

const UNIFORMS = /* wgsl */ `
struct Step { n: u32, decayCount: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, bc1: f32, bc2: f32, clip: f32 }
@group(0) @binding(0) var<uniform> s: Step;
${workgroupReduce(WG, ["sum"])}`;

export function buildShader(pass: "sumsq" | "update"): string {
  if (pass === "sumsq") {
    return /* wgsl */ `
${UNIFORMS}
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> PARTIAL: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  var sum = 0.0;
  for (var i = wg.x * ${WG}u + lid; i < s.n; i += ${NORM_PARTIALS * WG}u) { let g = G[i]; sum += g * g; }
  let total = workgroupSum(sum, lid);
  if (lid == 0u) { PARTIAL[wg.x] = total; }
}`;
  }
  return /* wgsl */ `
${UNIFORMS}
@group(0) @binding(1) var<storage, read_write> P: array<f32>;
@group(0) @binding(2) var<storage, read> G: array<f32>;
@group(0) @binding(3) var<storage, read_write> M: array<f32>;
@group(0) @binding(4) var<storage, read_write> V: array<f32>;
@group(0) @binding(5) var<storage, read> PARTIAL: array<f32>;
${threadPerElement(
  WG,
  `var scale = 1.0;
  if (s.clip > 0.0) { scale = min(1.0, s.clip / (norm + 1e-6)); }
  let g = G[i] * scale;
  let m = s.beta1 * M[i] + (1.0 - s.beta1) * g;
  let v = s.beta2 * V[i] + (1.0 - s.beta2) * g * g;
  M[i] = m;
  V[i] = v;
  var p = P[i];
  if (i < s.decayCount) { p *= 1.0 - s.lr * s.wd; }
  P[i] = p - (s.lr / s.bc1) * m / (sqrt(v) / sqrt(s.bc2) + s.eps);`,
  { uniform: "let norm = sqrt(workgroupSum(PARTIAL[lid], lid));" },
)}`;
}

export type AdamW = {
  dispatches: Dispatch[];
  /** Writes this step's learning rate and bias corrections (step counts from 1) before the submit. */
  setStep(step: number, lr: number): void;
  destroy(): void;
};

export function adamw(
  dev: EngineDevice,
  a: {
    params: Tensor;
    grads: Tensor;
    m: Tensor;
    v: Tensor;
    partial: Tensor;
    decayCount: number;
    hyper: AdamWHyper;
  },
): AdamW {
  validate(a.params, a.grads, a.m, a.v, a.decayCount);
  if (a.partial.length < NORM_PARTIALS) throw new Error(`adamw: partial holds fewer than ${NORM_PARTIALS}`);
  const n = a.params.length;
  const h = a.hyper;
  const stepUniform = dev.gpu.createBuffer({
    size: 48,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const sumsq = dev.pipelines.get(shaderKey("sumsq"), () => buildShader("sumsq"));
  const update = dev.pipelines.get(shaderKey("update"), () => buildShader("update"));
  const dispatches = [
    makeDispatch(dev, "adamw_gradnorm", sumsq, [stepUniform, a.grads, a.partial], [NORM_PARTIALS, 1, 1]),
    makeDispatch(dev, "adamw", update, [stepUniform, a.params, a.grads, a.m, a.v, a.partial], grid1d(n, WG)),
  ];
  return {
    dispatches,
    setStep(step: number, lr: number) {
      const data = new ArrayBuffer(48);
      const u32 = new Uint32Array(data);
      const f32 = new Float32Array(data);
      u32[0] = n;
      u32[1] = a.decayCount;
      f32[2] = lr;
      f32[3] = h.beta1;
      f32[4] = h.beta2;
      f32[5] = h.eps;
      f32[6] = h.weightDecay;
      f32[7] = 1 - h.beta1 ** step;
      f32[8] = 1 - h.beta2 ** step;
      f32[9] = h.gradClip;
      dev.gpu.queue.writeBuffer(stepUniform, 0, data);
    },
    destroy() {
      stepUniform.destroy();
    },
  };
}
