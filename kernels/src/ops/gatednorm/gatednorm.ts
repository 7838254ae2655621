// Mamba-2's gated RMSNorm (norm_before_gate=False): out = rmsnorm(y·silu(z))·w over the last dimension.
//   g = y·silu(z),  r = 1/sqrt(mean(g²) + eps),  out = g·r·w;  the forward saves r per row.
// Backward recomputes g (keeping it would cost a row of C per token), then with ĝ = g·r and dĝ = dout·w:
//   dg = r·(dĝ − ĝ·mean(dĝ·ĝ)),  dy = dg·silu(z),  dz = dg·y·σ(z)·(1 + z·(1 − σ(z))),  dw = Σ_rows dout·ĝ
// The plain norm op cannot serve here without storing g; its eps, one-workgroup-per-row reduction and
// colsum partials for dw are the same. z (and dz) are read (written) through a row stride and column
// offset: z is the first C columns of the in_proj output.
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { COLSUM_ROWS, sumPartials } from "../colsum/colsum";
import { NORM_EPS } from "../norm/norm";
import { type RowLayout } from "../conv1d/conv1d";
import { workgroupReduce } from "../../snippets/workgroup-reduce";
import { workgroupPerRow } from "../../snippets/entry";

const WG = 128;
const WG_COLUMNS = 64;

export type GatedNormShape = { M: number; C: number };
export type GatedNormTensors = { y: Tensor; z: Tensor; w: Tensor; out: Tensor; rstd: Tensor };
export type GatedNormGrads = { dout: Tensor; dy: Tensor; dz: Tensor; dw: Tensor; partialW: Tensor };

export function validate(s: GatedNormShape, zAt: RowLayout, t: GatedNormTensors): void {
  const n = s.M * s.C;
  if (t.y.length < n || t.out.length < n) throw new Error(`gatednorm: y/out hold fewer than M*C=${n}`);
  if (zAt.offset + s.C > zAt.stride)
    throw new Error(`gatednorm: z columns exceed the row stride ${zAt.stride}`);
  if (t.z.length < (s.M - 1) * zAt.stride + zAt.offset + s.C)
    throw new Error("gatednorm: z holds too few rows");
  if (t.w.length < s.C) throw new Error(`gatednorm: weight holds ${t.w.length} < C=${s.C}`);
  if (t.rstd.length < s.M) throw new Error(`gatednorm: rstd holds ${t.rstd.length} < M=${s.M}`);
}

export function partialLength(s: GatedNormShape): number {
  return ceilDiv(s.M, COLSUM_ROWS) * s.C;
}

export function shaderKey(pass: "fwd" | "dx" | "dw"): string {
  return `gatednorm:${pass}`;
}

const HEADER = /* wgsl */ `
struct Shape { M: u32, C: u32, stride: u32, offset: u32, eps: f32 }
@group(0) @binding(0) var<uniform> s: Shape;
fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gated(row: u32, c: u32) -> f32 { return Y[row * s.C + c] * silu(Z[row * s.stride + s.offset + c]); }
`;

const REDUCE = workgroupReduce(WG, ["sum"]);

function forwardShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read> Z: array<f32>;
@group(0) @binding(3) var<storage, read> W: array<f32>;
@group(0) @binding(4) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(5) var<storage, read_write> RSTD: array<f32>;
${REDUCE}
${workgroupPerRow(
  WG,
  `  var sq = 0.0;
  for (var c = lid; c < s.C; c += ${WG}u) { let g = gated(row, c); sq += g * g; }
  let rstd = inverseSqrt(workgroupSum(sq, lid) / f32(s.C) + s.eps);
  for (var c = lid; c < s.C; c += ${WG}u) { OUT[row * s.C + c] = gated(row, c) * rstd * W[c]; }
  if (lid == 0u) { RSTD[row] = rstd; }`,
)}`;
}

function dxShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read> Z: array<f32>;
@group(0) @binding(3) var<storage, read> W: array<f32>;
@group(0) @binding(4) var<storage, read> RSTD: array<f32>;
@group(0) @binding(5) var<storage, read> DOUT: array<f32>;
@group(0) @binding(6) var<storage, read_write> DY: array<f32>;
@group(0) @binding(7) var<storage, read_write> DZ: array<f32>;
${REDUCE}
${workgroupPerRow(
  WG,
  `  let rstd = RSTD[row];
  var sumGX = 0.0;
  for (var c = lid; c < s.C; c += ${WG}u) { sumGX += DOUT[row * s.C + c] * W[c] * gated(row, c) * rstd; }
  let meanGX = workgroupSum(sumGX, lid) / f32(s.C);
  for (var c = lid; c < s.C; c += ${WG}u) {
    let zi = row * s.stride + s.offset + c;
    let z = Z[zi];
    let y = Y[row * s.C + c];
    let sig = 1.0 / (1.0 + exp(-z));
    let ghat = y * z * sig * rstd;
    let dg = rstd * (DOUT[row * s.C + c] * W[c] - ghat * meanGX);
    DY[row * s.C + c] = dg * z * sig;
    DZ[zi] = dg * y * sig * (1.0 + z * (1.0 - sig));
  }`,
)}`;
}

function dwShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read> Z: array<f32>;
@group(0) @binding(3) var<storage, read> RSTD: array<f32>;
@group(0) @binding(4) var<storage, read> DOUT: array<f32>;
@group(0) @binding(5) var<storage, read_write> PW: array<f32>;
@compute @workgroup_size(${WG_COLUMNS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.x * ${WG_COLUMNS}u + lid;
  if (c >= s.C) { return; }
  let m0 = wg.y * ${COLSUM_ROWS}u;
  let m1 = min(m0 + ${COLSUM_ROWS}u, s.M);
  var dw = 0.0;
  for (var m = m0; m < m1; m++) { dw += DOUT[m * s.C + c] * gated(m, c) * RSTD[m]; }
  PW[wg.y * s.C + c] = dw;
}`;
}

export function buildShader(pass: "fwd" | "dx" | "dw"): string {
  if (pass === "fwd") return forwardShader();
  return pass === "dx" ? dxShader() : dwShader();
}

function shapeUniforms(dev: EngineDevice, s: GatedNormShape, zAt: RowLayout): GPUBuffer {
  return uniforms(dev.gpu, [s.M, s.C, zAt.stride, zAt.offset, NORM_EPS], [4]);
}

function pipeline(dev: EngineDevice, pass: "fwd" | "dx" | "dw"): GPUComputePipeline {
  return dev.pipelines.get(shaderKey(pass), () => buildShader(pass));
}

export function gatedNormForward(
  dev: EngineDevice,
  s: GatedNormShape,
  zAt: RowLayout,
  t: GatedNormTensors,
): Dispatch {
  validate(s, zAt, t);
  return makeDispatch(
    dev,
    "gatednorm_fwd",
    pipeline(dev, "fwd"),
    [shapeUniforms(dev, s, zAt), t.y, t.z, t.w, t.out, t.rstd],
    grid1d(s.M * WG, WG),
  );
}

/** dy is written (contiguous), dz written at z's layout (other columns untouched), dw overwritten. */
export function gatedNormBackward(
  dev: EngineDevice,
  s: GatedNormShape,
  zAt: RowLayout,
  t: GatedNormTensors,
  g: GatedNormGrads,
): Dispatch[] {
  validate(s, zAt, t);
  if (g.dout.length < s.M * s.C || g.dy.length < s.M * s.C) throw new Error("gatednorm: dout/dy too small");
  if (g.dz.length < t.z.length || g.dw.length < s.C) throw new Error("gatednorm: dz/dw too small");
  if (g.partialW.length < partialLength(s)) throw new Error("gatednorm: partial buffer too small");
  const u = shapeUniforms(dev, s, zAt);
  const blocks = ceilDiv(s.M, COLSUM_ROWS);
  return [
    makeDispatch(
      dev,
      "gatednorm_bwd_dx",
      pipeline(dev, "dx"),
      [u, t.y, t.z, t.w, t.rstd, g.dout, g.dy, g.dz],
      grid1d(s.M * WG, WG),
    ),
    makeDispatch(
      dev,
      "gatednorm_bwd_dw",
      pipeline(dev, "dw"),
      [u, t.y, t.z, t.rstd, g.dout, g.partialW],
      [ceilDiv(s.C, WG_COLUMNS), blocks, 1],
    ),
    sumPartials(dev, g.partialW, g.dw, blocks, s.C, false, "gatednorm_bwd_dw"),
  ];
}
