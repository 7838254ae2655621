// Matmul with bias and transposes: C[M,N] (= or +=) op(A)·op(B) (+ bias[N]).
//   A is stored [M,K], or [K,M] when transA; B is stored [K,N], or [N,K] when transB.
// A linear layer y = x·Wᵀ + b (W stored [out,in] like PyTorch) is (x, W, transB); its backward is
// dx = dy·W (no transposes) and dW = dyᵀ·x (transA). `accumulate` adds into C (the tied embedding's
// two gradient contributions); `residual` adds a separate input R[M,N], so an output projection writes
// the next residual stream x + f(x) in the same pass.
//
// Variants (both kept: tests cover both, kernels-bench times both):
// v1 (this file): 128x128 output tile per 256-thread workgroup, BK=8 slabs of A and B staged in workgroup
// memory as vec4 columns, each thread owning an 8x8 block split 4+4 rows/cols 64 apart so its vec4
// reads of the staged tiles are conflict-free across a warp. Edges are zero-padded on load and masked on
// store, so any M, N, K works.
// v2 (matmul.v2-vec4.ts): 16-byte loads/stores, BK=16, padded staging, 128x64 tiles; used
// whenever N, K (and M when transA) are multiples of 4. When the output has too few tiles to fill the GPU
// (weight gradients: a 256x768 dW summed over K = 16384 tokens is 12 tiles), v2 splits K across
// workgroups into partials that a second launch sums in a fixed order (deterministic split-K).
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { alignedForV2, buildShaderV2, shaderKeyV2, V2_DEFAULT, type V2Options } from "./matmul.v2-vec4";
import { epilogueAdds, epilogueBindings, epilogueTensors } from "./matmul.epilogue";
import { threadPerElement } from "../../snippets/entry";

export type MatmulConfig = {
  transA: boolean;
  transB: boolean;
  bias: boolean;
  accumulate: boolean;
  residual?: boolean;
};
export type MatmulArgs = MatmulConfig & {
  a: Tensor;
  b: Tensor;
  biasT?: Tensor;
  residualT?: Tensor;
  c: Tensor;
  M: number;
  N: number;
  K: number;
};

const TILE = 128;
const BK = 8;

export function validate(args: MatmulArgs): void {
  const { M, N, K } = args;
  if (![M, N, K].every((d) => Number.isInteger(d) && d > 0))
    throw new Error(`matmul: bad shape M=${M} N=${N} K=${K}`);
  if (args.a.length < M * K) throw new Error(`matmul: A holds ${args.a.length} < M*K=${M * K}`);
  if (args.b.length < K * N) throw new Error(`matmul: B holds ${args.b.length} < K*N=${K * N}`);
  if (args.c.length < M * N) throw new Error(`matmul: C holds ${args.c.length} < M*N=${M * N}`);
  if (args.bias !== (args.biasT !== undefined)) throw new Error("matmul: bias flag and bias tensor disagree");
  if (args.biasT && args.biasT.length < N)
    throw new Error(`matmul: bias holds ${args.biasT.length} < N=${N}`);
  if (Boolean(args.residual) !== (args.residualT !== undefined))
    throw new Error("matmul: residual flag and tensor disagree");
  if (args.residualT && args.residualT.length < M * N)
    throw new Error(`matmul: residual holds fewer than M*N=${M * N}`);
  if (args.residual && args.accumulate) throw new Error("matmul: residual and accumulate are exclusive");
}

export function shaderKey(cfg: MatmulConfig): string {
  return `matmul:tA=${+cfg.transA}:tB=${+cfg.transB}:bias=${+cfg.bias}:acc=${+cfg.accumulate}:res=${+Boolean(cfg.residual)}`;
}

// The 8x8 rank-1 update written out, so the accumulators stay in registers (constant indices only).
function unrolledFma(): string {
  const lanes = ["a0.x", "a0.y", "a0.z", "a0.w", "a1.x", "a1.y", "a1.z", "a1.w"];
  return lanes
    .map(
      (a, i) =>
        `acc[${2 * i}] = fma(vec4<f32>(${a}), b0, acc[${2 * i}]); acc[${2 * i + 1}] = fma(vec4<f32>(${a}), b1, acc[${2 * i + 1}]);`,
    )
    .join("\n      ");
}

function unrolledStores(): string {
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) {
    const row = `m0 + ${Math.floor(i / 4) * 64}u + ty * 4u + ${i % 4}u`;
    for (let h = 0; h < 2; h++) lines.push(`store4(${row}, n0 + ${h * 64}u + tx * 4u, acc[${2 * i + h}]);`);
  }
  return lines.join("\n  ");
}

export function buildShader(cfg: MatmulConfig): string {
  // Index of element (row r of the tile, slab column c) in A or B as stored.
  const loadA = cfg.transA
    ? `let r = e % ${TILE}u; let c = e / ${TILE}u; let gm = m0 + r; let gk = k0 + c;
       var v = 0.0; if (gm < s.M && gk < s.K) { v = A[gk * s.M + gm]; }`
    : `let c = e % ${BK}u; let r = e / ${BK}u; let gm = m0 + r; let gk = k0 + c;
       var v = 0.0; if (gm < s.M && gk < s.K) { v = A[gm * s.K + gk]; }`;
  const loadB = cfg.transB
    ? `let c = e % ${BK}u; let r = e / ${BK}u; let gn = n0 + r; let gk = k0 + c;
       var v = 0.0; if (gn < s.N && gk < s.K) { v = B[gn * s.K + gk]; }`
    : `let r = e % ${TILE}u; let c = e / ${TILE}u; let gn = n0 + r; let gk = k0 + c;
       var v = 0.0; if (gn < s.N && gk < s.K) { v = B[gk * s.N + gn]; }`;
  return /* wgsl */ `
struct Shape { M: u32, N: u32, K: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
${epilogueBindings(cfg, 4, "f32")}

fn store4(gm: u32, gn0: u32, v: vec4<f32>) {
  if (gm >= s.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    let gn = gn0 + j;
    if (gn < s.N) {
      var out = v[j];
      ${epilogueAdds(cfg, "out", "gn", "gm * s.N + gn")}
      C[gm * s.N + gn] = out;
    }
  }
}

// Staged slabs, [k][row/4] as vec4 so each thread reads 4 consecutive rows at once.
var<workgroup> As: array<vec4<f32>, ${(BK * TILE) / 4}>;
var<workgroup> Bs: array<vec4<f32>, ${(BK * TILE) / 4}>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let m0 = wg.y * ${TILE}u;
  let n0 = wg.x * ${TILE}u;
  let tx = lid % 16u;
  let ty = lid / 16u;
  var acc: array<vec4<f32>, 16>;  // [row i in 0..8][col half h in 0..2] -> acc[i*2+h]
  for (var k0 = 0u; k0 < s.K; k0 += ${BK}u) {
    for (var i = 0u; i < 4u; i++) {
      let e = lid + i * 256u;
      { ${loadA} As[c * ${TILE / 4}u + r / 4u][r % 4u] = v; }
      { ${loadB} Bs[c * ${TILE / 4}u + r / 4u][r % 4u] = v; }
    }
    workgroupBarrier();
    for (var k = 0u; k < ${BK}u; k++) {
      let a0 = As[k * ${TILE / 4}u + ty];
      let a1 = As[k * ${TILE / 4}u + 16u + ty];
      let b0 = Bs[k * ${TILE / 4}u + tx];
      let b1 = Bs[k * ${TILE / 4}u + 16u + tx];
      ${unrolledFma()}
    }
    workgroupBarrier();
  }
  ${unrolledStores()}
}`;
}

export function runData(args: Pick<MatmulArgs, "M" | "N" | "K">): {
  words: number[];
  workgroups: [number, number, number];
} {
  return { words: [args.M, args.N, args.K], workgroups: [ceilDiv(args.N, TILE), ceilDiv(args.M, TILE), 1] };
}

export type MatmulVariant = "v1" | "v2";

// Split K when the output tiles make fewer than `target` workgroups (V2Options.splitTarget); chunks stay
// >= 256 deep.
const MIN_K_CHUNK = 256;

export function chooseSplit(
  M: number,
  N: number,
  K: number,
  tm = TILE,
  tn = TILE,
  target = V2_DEFAULT.splitTarget,
): { splits: number; kChunk: number } {
  const tiles = ceilDiv(M, tm) * ceilDiv(N, tn);
  const wanted = Math.min(Math.ceil(target / tiles), Math.floor(K / MIN_K_CHUNK));
  if (wanted <= 1) return { splits: 1, kChunk: K };
  const kChunk = Math.ceil(K / wanted / 16) * 16;
  return { splits: ceilDiv(K, kChunk), kChunk };
}

function reduceShader(cfg: MatmulConfig): string {
  return /* wgsl */ `
struct Shape { n4: u32, splits: u32, N4: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> P: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
${epilogueBindings(cfg, 3, "vec4<f32>")}
${threadPerElement(
  256,
  `var v = P[i];
  for (var k = 1u; k < s.splits; k++) { v += P[k * s.n4 + i]; }
  ${epilogueAdds(cfg, "v", "i % s.N4", "i")}
  C[i] = v;`,
  { count: "s.n4" },
)}`;
}

/** One launch, or two for a split-K v2 (partials, then their sum); `variant` forces one (tests, benches). */
export function matmul(
  dev: EngineDevice,
  args: MatmulArgs,
  kernel = "matmul",
  variant?: MatmulVariant,
  v2: V2Options = V2_DEFAULT,
): Dispatch[] {
  validate(args);
  const cfg: MatmulConfig = {
    transA: args.transA,
    transB: args.transB,
    bias: args.bias,
    accumulate: args.accumulate,
    residual: Boolean(args.residual),
  };
  const { M, N, K } = args;
  const aligned = alignedForV2(cfg, M, N, K);
  if (variant === "v2" && !aligned) throw new Error(`matmul v2: shape ${M}x${N}x${K} is not vec4-aligned`);
  if (variant === "v1" || !aligned) {
    const pipeline = dev.pipelines.get(shaderKey(cfg), () => buildShader(cfg));
    const { words, workgroups } = runData(args);
    const bindings = [uniforms(dev.gpu, words), args.a, args.b, args.c, ...epilogueTensors(args)];
    return [makeDispatch(dev, kernel, pipeline, bindings, workgroups)];
  }
  const { splits, kChunk } = chooseSplit(M, N, K, v2.tm, v2.tn, v2.splitTarget);
  const grid: [number, number, number] = [ceilDiv(N, v2.tn), ceilDiv(M, v2.tm), splits];
  const u = uniforms(dev.gpu, [M, N, K, kChunk]);
  if (splits === 1) {
    const pipeline = dev.pipelines.get(shaderKeyV2(cfg, false, v2), () => buildShaderV2(cfg, false, v2));
    return [makeDispatch(dev, kernel, pipeline, [u, args.a, args.b, args.c, ...epilogueTensors(args)], grid)];
  }
  const partial = dev.pool.scratch(splits * M * N);
  const mainPipeline = dev.pipelines.get(shaderKeyV2(cfg, true, v2), () => buildShaderV2(cfg, true, v2));
  const reduceKey = `matmul.splitk-reduce:bias=${+cfg.bias}:acc=${+cfg.accumulate}:res=${+Boolean(cfg.residual)}`;
  const reducePipeline = dev.pipelines.get(reduceKey, () => reduceShader(cfg));
  const reduceBindings = [
    uniforms(dev.gpu, [(M * N) / 4, splits, N / 4]),
    partial,
    args.c,
    ...epilogueTensors(args),
  ];
  return [
    makeDispatch(dev, kernel, mainPipeline, [u, args.a, args.b, partial], grid),
    makeDispatch(dev, `${kernel}_splitk_sum`, reducePipeline, reduceBindings, grid1d((M * N) / 4, 256)),
  ];
}
