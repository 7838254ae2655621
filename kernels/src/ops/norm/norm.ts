// LayerNorm and RMSNorm over the last dimension, forward and backward.
//   LayerNorm: y = (x − μ)·r·w + b,  RMSNorm: y = x·r·w,  r = 1/sqrt(var + eps) (var = mean(x²) for RMS).
// Forward saves μ and r per row. Backward, with x̂ = (x − μ)·r and g = dy·w:
//   dx = r·(g − mean(g) − x̂·mean(g·x̂))   (RMSNorm drops the mean(g) term), added into dx;
//   dw = Σ_rows dy·x̂, db = Σ_rows dy, via per-block partials and colsum's second stage.
// One workgroup per row with a shared-memory tree reduction: deterministic, any width.
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { workgroupReduce } from "../../snippets/workgroup-reduce";
import { workgroupPerRow } from "../../snippets/entry";
import { COLSUM_ROWS, sumPartials } from "../colsum/colsum";

export type NormKind = "layernorm" | "rmsnorm";
export const NORM_EPS = 1e-5;
const WG = 128;

export type NormTensors = {
  x: Tensor;
  w: Tensor;
  b?: Tensor;
  y: Tensor;
  mean: Tensor;
  rstd: Tensor;
};

export function validate(kind: NormKind, t: NormTensors, M: number, C: number): void {
  if (t.x.length < M * C || t.y.length < M * C) throw new Error(`${kind}: x/y hold fewer than M*C=${M * C}`);
  if (t.w.length < C) throw new Error(`${kind}: weight holds ${t.w.length} < C=${C}`);
  if ((kind === "layernorm") !== (t.b !== undefined))
    throw new Error(`${kind}: bias is required for layernorm only`);
  if (t.mean.length < M || t.rstd.length < M) throw new Error(`${kind}: stats hold fewer than M=${M}`);
}

export function shaderKey(kind: NormKind, pass: "fwd" | "dx" | "dw", accumulate = false): string {
  return `norm:${kind}:${pass}:acc=${+accumulate}`;
}

function forwardShader(kind: NormKind): string {
  const ln = kind === "layernorm";
  return /* wgsl */ `
struct Shape { M: u32, C: u32, eps: f32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
@group(0) @binding(4) var<storage, read_write> MEAN: array<f32>;
@group(0) @binding(5) var<storage, read_write> RSTD: array<f32>;
${ln ? "@group(0) @binding(6) var<storage, read> B: array<f32>;" : ""}
${workgroupReduce(WG, ["sum"])}
${workgroupPerRow(
  WG,
  `let base = row * s.C;
  var mean = 0.0;
  ${
    ln
      ? `var sum = 0.0;
  for (var c = lid; c < s.C; c += ${WG}u) { sum += X[base + c]; }
  mean = workgroupSum(sum, lid) / f32(s.C);`
      : ""
  }
  var sq = 0.0;
  for (var c = lid; c < s.C; c += ${WG}u) { let d = X[base + c] - mean; sq += d * d; }
  let rstd = inverseSqrt(workgroupSum(sq, lid) / f32(s.C) + s.eps);
  for (var c = lid; c < s.C; c += ${WG}u) {
    Y[base + c] = (X[base + c] - mean) * rstd * W[c]${ln ? " + B[c]" : ""};
  }
  if (lid == 0u) { MEAN[row] = mean; RSTD[row] = rstd; }`,
)}`;
}

function dxShader(kind: NormKind, accumulate: boolean): string {
  const ln = kind === "layernorm";
  return /* wgsl */ `
struct Shape { M: u32, C: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> DY: array<f32>;
@group(0) @binding(4) var<storage, read> MEAN: array<f32>;
@group(0) @binding(5) var<storage, read> RSTD: array<f32>;
@group(0) @binding(6) var<storage, read_write> DX: array<f32>;
${workgroupReduce(WG, ["sum"])}
${workgroupPerRow(
  WG,
  `let base = row * s.C;
  let mean = MEAN[row];
  let rstd = RSTD[row];
  var sumG = 0.0;
  var sumGX = 0.0;
  for (var c = lid; c < s.C; c += ${WG}u) {
    let g = DY[base + c] * W[c];
    sumG += g;
    sumGX += g * (X[base + c] - mean) * rstd;
  }
  let meanG = ${ln ? "workgroupSum(sumG, lid) / f32(s.C)" : "0.0"};
  let meanGX = workgroupSum(sumGX, lid) / f32(s.C);
  for (var c = lid; c < s.C; c += ${WG}u) {
    let xhat = (X[base + c] - mean) * rstd;
    let dx = rstd * (DY[base + c] * W[c] - meanG - xhat * meanGX);
    DX[base + c] = ${accumulate ? "DX[base + c] + dx" : "dx"};
  }`,
)}`;
}

// Partial weight (and bias) gradients per block of COLSUM_ROWS rows, one thread per column.
function dwShader(kind: NormKind): string {
  const ln = kind === "layernorm";
  return /* wgsl */ `
struct Shape { M: u32, C: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> DY: array<f32>;
@group(0) @binding(3) var<storage, read> MEAN: array<f32>;
@group(0) @binding(4) var<storage, read> RSTD: array<f32>;
@group(0) @binding(5) var<storage, read_write> PW: array<f32>;
${ln ? "@group(0) @binding(6) var<storage, read_write> PB: array<f32>;" : ""}
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.x * 64u + lid;
  if (c >= s.C) { return; }
  let m0 = wg.y * ${COLSUM_ROWS}u;
  let m1 = min(m0 + ${COLSUM_ROWS}u, s.M);
  var dw = 0.0;
  var db = 0.0;
  for (var m = m0; m < m1; m++) {
    let dy = DY[m * s.C + c];
    dw += dy * (X[m * s.C + c] - MEAN[m]) * RSTD[m];
    db += dy;
  }
  PW[wg.y * s.C + c] = dw;
  ${ln ? "PB[wg.y * s.C + c] = db;" : ""}
}`;
}

export function buildShader(kind: NormKind, pass: "fwd" | "dx" | "dw", accumulate = false): string {
  if (pass === "fwd") return forwardShader(kind);
  return pass === "dx" ? dxShader(kind, accumulate) : dwShader(kind);
}

export function partialLength(M: number, C: number): number {
  return ceilDiv(M, COLSUM_ROWS) * C;
}

export function normForward(
  dev: EngineDevice,
  kind: NormKind,
  t: NormTensors,
  M: number,
  C: number,
): Dispatch {
  validate(kind, t, M, C);
  const pipeline = dev.pipelines.get(shaderKey(kind, "fwd"), () => buildShader(kind, "fwd"));
  const bindings = [uniforms(dev.gpu, [M, C, NORM_EPS], [2]), t.x, t.w, t.y, t.mean, t.rstd];
  if (t.b) bindings.push(t.b);
  return makeDispatch(dev, `${kind}_fwd`, pipeline, bindings, grid1d(M * WG, WG));
}

export type NormGrads = {
  dy: Tensor;
  /** dx is added into (accumulate) or overwritten. */
  dx: Tensor;
  accumulate: boolean;
  dw: Tensor;
  db?: Tensor;
  partialW: Tensor;
  partialB?: Tensor;
};

export function normBackward(
  dev: EngineDevice,
  kind: NormKind,
  t: NormTensors,
  g: NormGrads,
  M: number,
  C: number,
): Dispatch[] {
  validate(kind, t, M, C);
  if (g.partialW.length < partialLength(M, C)) throw new Error(`${kind}: partial buffer too small`);
  const u = uniforms(dev.gpu, [M, C]);
  const dxPipeline = dev.pipelines.get(shaderKey(kind, "dx", g.accumulate), () =>
    buildShader(kind, "dx", g.accumulate),
  );
  const dwPipeline = dev.pipelines.get(shaderKey(kind, "dw"), () => buildShader(kind, "dw"));
  const blocks = ceilDiv(M, COLSUM_ROWS);
  const dwBindings = [u, t.x, g.dy, t.mean, t.rstd, g.partialW];
  if (kind === "layernorm") {
    if (!g.partialB || !g.db) throw new Error("layernorm: bias gradient buffers missing");
    dwBindings.push(g.partialB);
  }
  const out = [
    makeDispatch(
      dev,
      `${kind}_bwd_dx`,
      dxPipeline,
      [u, t.x, t.w, g.dy, t.mean, t.rstd, g.dx],
      grid1d(M * WG, WG),
    ),
    makeDispatch(dev, `${kind}_bwd_dw`, dwPipeline, dwBindings, [ceilDiv(C, 64), blocks, 1]),
    sumPartials(dev, g.partialW, g.dw, blocks, C, false, `${kind}_bwd_dw`),
  ];
  if (g.partialB && g.db) out.push(sumPartials(dev, g.partialB, g.db, blocks, C, false, `${kind}_bwd_dw`));
  return out;
}
