// Short causal depthwise convolution over time with SiLU (Mamba-2's conv1d on x, B and C), fwd and bwd.
//   pre[b,t,c] = bias[c] + Σ_k w[c,k]·x[b, t−(K−1)+k, c]   (x = 0 before the sequence starts)
//   y = silu(pre) = pre·σ(pre)
// PyTorch's nn.Conv1d(groups=C, padding=K−1) truncated to the first T outputs computes the same thing, and
// w[c,k] is its weight[c, 0, k]. The input is read through a row stride and column offset, so the conv
// reads its channels straight out of the in_proj output [B·T, width]; y is contiguous [B·T, C].
// Backward: dpre = dy·σ(pre)·(1 + pre·(1 − σ(pre))) (pre recomputed, K multiply-adds) into a scratch tensor,
//   dx[b,t,c] = Σ_k w[c,k]·dpre[b, t+(K−1)−k, c]   written through the input's stride and offset,
//   dw[c,k] = Σ_{b,t} dpre[b,t,c]·x[b, t−(K−1)+k, c],  dbias[c] = Σ_{b,t} dpre[b,t,c]
// with weight gradients as per-block partials summed by colsum's second stage (deterministic, no atomics).
// K is a shader constant (the Mamba-2 default is 4).
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { COLSUM_ROWS, sumPartials } from "../colsum/colsum";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;
const WG_COLUMNS = 64;

export type Conv1dShape = { B: number; T: number; C: number; K: number };
/** Where the input channels live: element (row, c) is at row·stride + offset + c. */
export type RowLayout = { stride: number; offset: number };

export type Conv1dTensors = { x: Tensor; w: Tensor; bias: Tensor; y: Tensor };
export type Conv1dGrads = {
  dy: Tensor;
  /** Written (not added) at the input's layout; other columns are left alone. */
  dx: Tensor;
  dw: Tensor;
  dbias: Tensor;
  /** Scratch [B·T·C] for dpre. */
  dpre: Tensor;
  partialW: Tensor;
  partialBias: Tensor;
};

export function validate(s: Conv1dShape, at: RowLayout, t: Conv1dTensors): void {
  const rows = s.B * s.T;
  if (!Number.isInteger(s.K) || s.K < 1 || s.K > 16)
    throw new Error(`conv1d: kernel width ${s.K} must be an integer in 1..16`);
  if (at.offset + s.C > at.stride)
    throw new Error(`conv1d: channels [${at.offset}, ${at.offset + s.C}) exceed the row stride ${at.stride}`);
  if (t.x.length < (rows - 1) * at.stride + at.offset + s.C)
    throw new Error(`conv1d: input holds ${t.x.length} elements, fewer than B*T=${rows} rows`);
  if (t.w.length < s.C * s.K) throw new Error(`conv1d: weight holds ${t.w.length} < C*K=${s.C * s.K}`);
  if (t.bias.length < s.C) throw new Error(`conv1d: bias holds ${t.bias.length} < C=${s.C}`);
  if (t.y.length < rows * s.C) throw new Error(`conv1d: output holds ${t.y.length} < B*T*C=${rows * s.C}`);
}

export function partialLengths(s: Conv1dShape): { w: number; bias: number } {
  const blocks = ceilDiv(s.B * s.T, COLSUM_ROWS);
  return { w: blocks * s.C * s.K, bias: blocks * s.C };
}

export function shaderKey(pass: "fwd" | "dpre" | "dx" | "dw", K: number): string {
  return `conv1d:${pass}:K=${K}`;
}

const HEADER = /* wgsl */ `
struct Shape { B: u32, T: u32, C: u32, stride: u32, offset: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
fn xAt(row: u32, c: u32) -> u32 { return row * s.stride + s.offset + c; }
`;

// pre for element (row, c) of time step t; taps before the sequence start read zero.
const PRE = (K: number) => /* wgsl */ `
fn preActivation(row: u32, t: u32, c: u32) -> f32 {
  var pre = BIAS[c];
  for (var k = 0u; k < ${K}u; k++) {
    if (t + k >= ${K - 1}u) { pre += W[c * ${K}u + k] * X[xAt(row + k - ${K - 1}u, c)]; }
  }
  return pre;
}`;

function forwardShader(K: number): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> BIAS: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;
${PRE(K)}
${threadPerElement(
  WG,
  `  let row = i / s.C;
  let c = i % s.C;
  let pre = preActivation(row, row % s.T, c);
  Y[i] = pre / (1.0 + exp(-pre));`,
  { count: "s.B * s.T * s.C" },
)}`;
}

function dpreShader(K: number): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> BIAS: array<f32>;
@group(0) @binding(4) var<storage, read> DY: array<f32>;
@group(0) @binding(5) var<storage, read_write> DPRE: array<f32>;
${PRE(K)}
${threadPerElement(
  WG,
  `  let row = i / s.C;
  let c = i % s.C;
  let pre = preActivation(row, row % s.T, c);
  let sig = 1.0 / (1.0 + exp(-pre));
  DPRE[i] = DY[i] * sig * (1.0 + pre * (1.0 - sig));`,
  { count: "s.B * s.T * s.C" },
)}`;
}

function dxShader(K: number): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> DPRE: array<f32>;
@group(0) @binding(3) var<storage, read_write> DX: array<f32>;
${threadPerElement(
  WG,
  `  let row = i / s.C;
  let c = i % s.C;
  let t = row % s.T;
  var dx = 0.0;
  for (var k = 0u; k < ${K}u; k++) {
    if (t + ${K - 1}u - k < s.T) { dx += W[c * ${K}u + k] * DPRE[(row + ${K - 1}u - k) * s.C + c]; }
  }
  DX[xAt(row, c)] = dx;`,
  { count: "s.B * s.T * s.C" },
)}`;
}

// Partial dw and dbias of one block of COLSUM_ROWS rows, one thread per channel.
function dwShader(K: number): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> DPRE: array<f32>;
@group(0) @binding(3) var<storage, read_write> PW: array<f32>;
@group(0) @binding(4) var<storage, read_write> PB: array<f32>;
@compute @workgroup_size(${WG_COLUMNS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.x * ${WG_COLUMNS}u + lid;
  if (c >= s.C) { return; }
  let r0 = wg.y * ${COLSUM_ROWS}u;
  let r1 = min(r0 + ${COLSUM_ROWS}u, s.B * s.T);
  var dw: array<f32, ${K}>;
  var db = 0.0;
  for (var row = r0; row < r1; row++) {
    let d = DPRE[row * s.C + c];
    db += d;
    let t = row % s.T;
    for (var k = 0u; k < ${K}u; k++) {
      if (t + k >= ${K - 1}u) { dw[k] += d * X[xAt(row + k - ${K - 1}u, c)]; }
    }
  }
  for (var k = 0u; k < ${K}u; k++) { PW[(wg.y * s.C + c) * ${K}u + k] = dw[k]; }
  PB[wg.y * s.C + c] = db;
}`;
}

export function buildShader(pass: "fwd" | "dpre" | "dx" | "dw", K: number): string {
  switch (pass) {
    case "fwd":
      return forwardShader(K);
    case "dpre":
      return dpreShader(K);
    case "dx":
      return dxShader(K);
    case "dw":
      return dwShader(K);
  }
}

function shapeUniforms(dev: EngineDevice, s: Conv1dShape, at: RowLayout): GPUBuffer {
  return uniforms(dev.gpu, [s.B, s.T, s.C, at.stride, at.offset]);
}

function pipeline(dev: EngineDevice, pass: "fwd" | "dpre" | "dx" | "dw", K: number): GPUComputePipeline {
  return dev.pipelines.get(shaderKey(pass, K), () => buildShader(pass, K));
}

export function conv1dForward(dev: EngineDevice, s: Conv1dShape, at: RowLayout, t: Conv1dTensors): Dispatch {
  validate(s, at, t);
  return makeDispatch(
    dev,
    "conv1d_fwd",
    pipeline(dev, "fwd", s.K),
    [shapeUniforms(dev, s, at), t.x, t.w, t.bias, t.y],
    grid1d(s.B * s.T * s.C, WG),
  );
}

export function conv1dBackward(
  dev: EngineDevice,
  s: Conv1dShape,
  at: RowLayout,
  t: Conv1dTensors,
  g: Conv1dGrads,
): Dispatch[] {
  validate(s, at, t);
  const n = s.B * s.T * s.C;
  if (g.dy.length < n || g.dpre.length < n) throw new Error(`conv1d: dy/dpre hold fewer than B*T*C=${n}`);
  if (g.dx.length < t.x.length) throw new Error(`conv1d: dx holds fewer elements than x`);
  if (g.dw.length < s.C * s.K || g.dbias.length < s.C) throw new Error(`conv1d: dw/dbias too small`);
  const partials = partialLengths(s);
  if (g.partialW.length < partials.w || g.partialBias.length < partials.bias)
    throw new Error(`conv1d: partial buffers too small`);
  const u = shapeUniforms(dev, s, at);
  const blocks = ceilDiv(s.B * s.T, COLSUM_ROWS);
  return [
    makeDispatch(
      dev,
      "conv1d_bwd_dpre",
      pipeline(dev, "dpre", s.K),
      [u, t.x, t.w, t.bias, g.dy, g.dpre],
      grid1d(n, WG),
    ),
    makeDispatch(dev, "conv1d_bwd_dx", pipeline(dev, "dx", s.K), [u, t.w, g.dpre, g.dx], grid1d(n, WG)),
    makeDispatch(
      dev,
      "conv1d_bwd_dw",
      pipeline(dev, "dw", s.K),
      [u, t.x, g.dpre, g.partialW, g.partialBias],
      [ceilDiv(s.C, WG_COLUMNS), blocks, 1],
    ),
    sumPartials(dev, g.partialW, g.dw, blocks, s.C * s.K, false, "conv1d_bwd_dw"),
    sumPartials(dev, g.partialBias, g.dbias, blocks, s.C, false, "conv1d_bwd_dw"),
  ];
}
