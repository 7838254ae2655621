// Column sums out[n] (= or +=) Σ_m X[m, n], in two deterministic stages (no float atomics in WGSL):
// stage 1 sums blocks of ROWS rows into partial[block, n], stage 2 sums the partials. Bias gradients
// (db = Σ dy) and the norm weight gradients use it.
import { makeDispatch, ceilDiv, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";

export const COLSUM_ROWS = 128;
const WG = 64;

export function partialLength(M: number, N: number): number {
  return ceilDiv(M, COLSUM_ROWS) * N;
}

export function validate(x: Tensor, out: Tensor, partial: Tensor, M: number, N: number): void {
  if (x.length < M * N) throw new Error(`colsum: input holds ${x.length} < M*N=${M * N}`);
  if (out.length < N) throw new Error(`colsum: output holds ${out.length} < N=${N}`);
  if (partial.length < partialLength(M, N)) throw new Error(`colsum: partial buffer too small`);
}

export function shaderKey(stage: 1 | 2, accumulate: boolean): string {
  return `colsum:stage${stage}:acc=${+accumulate}`;
}

export function buildShader(stage: 1 | 2, accumulate: boolean): string {
  const rows = stage === 1 ? `${COLSUM_ROWS}u` : "s.M";
  const dest = stage === 1 ? "OUT[wg.y * s.N + n]" : "OUT[n]";
  return /* wgsl */ `
struct Shape { M: u32, N: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let n = wg.x * ${WG}u + lid;
  if (n >= s.N) { return; }
  let m0 = ${stage === 1 ? `wg.y * ${COLSUM_ROWS}u` : "0u"};
  let m1 = min(m0 + ${rows}, s.M);
  var sum = 0.0;
  for (var m = m0; m < m1; m++) { sum += X[m * s.N + n]; }
  ${accumulate && stage === 2 ? `${dest} += sum;` : `${dest} = sum;`}
}`;
}

/** Two launches: X[M,N] -> partial[ceil(M/ROWS), N] -> out[N]. */
export function colsum(
  dev: EngineDevice,
  x: Tensor,
  out: Tensor,
  partial: Tensor,
  M: number,
  N: number,
  accumulate = false,
  kernel = "colsum",
): Dispatch[] {
  validate(x, out, partial, M, N);
  const p1 = dev.pipelines.get(shaderKey(1, false), () => buildShader(1, false));
  const blocks = ceilDiv(M, COLSUM_ROWS);
  return [
    makeDispatch(dev, kernel, p1, [uniforms(dev.gpu, [M, N]), x, partial], [ceilDiv(N, WG), blocks, 1]),
    sumPartials(dev, partial, out, blocks, N, accumulate, kernel),
  ];
}

/** Stage 2 alone: out[n] (= or +=) Σ_b partial[b, n]; kernels that write their own partials use it. */
export function sumPartials(
  dev: EngineDevice,
  partial: Tensor,
  out: Tensor,
  blocks: number,
  N: number,
  accumulate: boolean,
  kernel: string,
): Dispatch {
  const p2 = dev.pipelines.get(shaderKey(2, accumulate), () => buildShader(2, accumulate));
  return makeDispatch(
    dev,
    kernel,
    p2,
    [uniforms(dev.gpu, [blocks, N]), partial, out],
    [ceilDiv(N, WG), 1, 1],
  );
}
