// The SSD's step sizes and decay rates from their parameters (Mamba-2), forward and backward:
//   dt[row, h] = softplus(dt_raw[row, h] + dt_bias[h])      A[h] = −exp(A_log[h])
// softplus is PyTorch's (x above 20 passes through) with an accurate log1p (a series, see below), so a very negative input gives
// a tiny positive dt instead of 0. dt_raw is read through a row stride and column offset: it is the last H
// columns of the in_proj output. Backward, given ddt[B·T, H] and dA[H] from ssdBackward:
//   ddt_raw = ddt·σ(dt_raw + dt_bias) (written at dt_raw's layout), dt_bias' gradient = Σ_rows ddt_raw
//   (per-block partials + colsum stage 2), dA_log = dA·A.
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { COLSUM_ROWS, sumPartials } from "../colsum/colsum";
import { type RowLayout } from "../conv1d/conv1d";
import { threadPerElement } from "../../snippets/entry";

const WG = 256;
const WG_COLUMNS = 64;

export type DtShape = { rows: number; H: number };
export type DtTensors = { raw: Tensor; bias: Tensor; Alog: Tensor; dt: Tensor; A: Tensor };
export type DtGrads = {
  ddt: Tensor;
  dA: Tensor;
  draw: Tensor;
  dbias: Tensor;
  dAlog: Tensor;
  partial: Tensor;
};

export function partialLength(s: DtShape): number {
  return ceilDiv(s.rows, COLSUM_ROWS) * s.H;
}

export function validate(s: DtShape, at: RowLayout, t: DtTensors): void {
  if (!(s.rows >= 1 && s.H >= 1)) throw new Error(`dt: rows ${s.rows} and H ${s.H} must be positive`);
  if (at.offset + s.H > at.stride) throw new Error(`dt: columns exceed the row stride ${at.stride}`);
  if (t.raw.length < (s.rows - 1) * at.stride + at.offset + s.H)
    throw new Error(`dt: dt_raw holds too few rows`);
  if (t.bias.length < s.H || t.Alog.length < s.H || t.A.length < s.H)
    throw new Error(`dt: per-head tensors < H=${s.H}`);
  if (t.dt.length < s.rows * s.H) throw new Error(`dt: dt holds ${t.dt.length} < rows*H=${s.rows * s.H}`);
}

export function shaderKey(backward: boolean): string {
  return `ssd-dt:${backward ? "bwd" : "fwd"}`;
}

const HEADER = /* wgsl */ `
struct Shape { rows: u32, H: u32, stride: u32, offset: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
fn softplusInput(row: u32, h: u32) -> f32 { return RAW[row * s.stride + s.offset + h] + BIAS[h]; }
`;

function forwardShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> RAW: array<f32>;
@group(0) @binding(2) var<storage, read> BIAS: array<f32>;
@group(0) @binding(3) var<storage, read> ALOG: array<f32>;
@group(0) @binding(4) var<storage, read_write> DT: array<f32>;
@group(0) @binding(5) var<storage, read_write> A: array<f32>;
// log1p(u) = 2·atanh(u / (2 + u)) by its series below u = 1: Vulkan's log near 1 is only accurate to an
// absolute 2^-21, which would leave a tiny dt with no correct digits.
fn log1p(u: f32) -> f32 {
  if (u >= 1.0) { return log(1.0 + u); }
  let w = u / (2.0 + u);
  let w2 = w * w;
  return 2.0 * w * (1.0 + w2 * (1.0 / 3.0 + w2 * (1.0 / 5.0 + w2 * (1.0 / 7.0 + w2 * (1.0 / 9.0
    + w2 * (1.0 / 11.0 + w2 * (1.0 / 13.0 + w2 * (1.0 / 15.0 + w2 / 17.0))))))));
}
${threadPerElement(
  WG,
  `if (i < s.H) { A[i] = -exp(ALOG[i]); } // rows >= 1, so these threads are never past the count
  let v = softplusInput(i / s.H, i % s.H);
  DT[i] = select(log1p(exp(v)), v, v > 20.0);`,
  { count: "s.rows * s.H" },
)}`;
}

// One thread per (block of COLSUM_ROWS rows, head): writes ddt_raw and the block's partial bias gradient.
function backwardShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> RAW: array<f32>;
@group(0) @binding(2) var<storage, read> BIAS: array<f32>;
@group(0) @binding(3) var<storage, read> A: array<f32>;
@group(0) @binding(4) var<storage, read> DDT: array<f32>;
@group(0) @binding(5) var<storage, read> DA: array<f32>;
@group(0) @binding(6) var<storage, read_write> DRAW: array<f32>;
@group(0) @binding(7) var<storage, read_write> PARTIAL: array<f32>;
@group(0) @binding(8) var<storage, read_write> DALOG: array<f32>;
@compute @workgroup_size(${WG_COLUMNS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let h = wg.x * ${WG_COLUMNS}u + lid;
  if (h >= s.H) { return; }
  if (wg.y == 0u) { DALOG[h] = DA[h] * A[h]; }
  let r0 = wg.y * ${COLSUM_ROWS}u;
  let r1 = min(r0 + ${COLSUM_ROWS}u, s.rows);
  var sum = 0.0;
  for (var row = r0; row < r1; row++) {
    let d = DDT[row * s.H + h] / (1.0 + exp(-softplusInput(row, h)));
    DRAW[row * s.stride + s.offset + h] = d;
    sum += d;
  }
  PARTIAL[wg.y * s.H + h] = sum;
}`;
}

export function buildShader(backward: boolean): string {
  return backward ? backwardShader() : forwardShader();
}

function shapeUniforms(dev: EngineDevice, s: DtShape, at: RowLayout): GPUBuffer {
  return uniforms(dev.gpu, [s.rows, s.H, at.stride, at.offset]);
}

export function dtForward(dev: EngineDevice, s: DtShape, at: RowLayout, t: DtTensors): Dispatch {
  validate(s, at, t);
  const pipeline = dev.pipelines.get(shaderKey(false), () => buildShader(false));
  return makeDispatch(
    dev,
    "ssd_dt_fwd",
    pipeline,
    [shapeUniforms(dev, s, at), t.raw, t.bias, t.Alog, t.dt, t.A],
    grid1d(s.rows * s.H, WG),
  );
}

export function dtBackward(
  dev: EngineDevice,
  s: DtShape,
  at: RowLayout,
  t: DtTensors,
  g: DtGrads,
): Dispatch[] {
  validate(s, at, t);
  if (g.ddt.length < s.rows * s.H || g.dA.length < s.H) throw new Error("dt: ddt or dA too small");
  if (g.draw.length < t.raw.length || g.dbias.length < s.H || g.dAlog.length < s.H)
    throw new Error("dt: draw, dbias or dAlog too small");
  if (g.partial.length < partialLength(s)) throw new Error("dt: partial buffer too small");
  const pipeline = dev.pipelines.get(shaderKey(true), () => buildShader(true));
  const blocks = ceilDiv(s.rows, COLSUM_ROWS);
  return [
    makeDispatch(
      dev,
      "ssd_dt_bwd",
      pipeline,
      [shapeUniforms(dev, s, at), t.raw, t.bias, t.A, g.ddt, g.dA, g.draw, g.partial, g.dAlog],
      [ceilDiv(s.H, WG_COLUMNS), blocks, 1],
    ),
    sumPartials(dev, g.partial, g.dbias, blocks, s.H, false, "ssd_dt_bwd"),
  ];
}
