// Matmul v2: v1's scheme (256 threads, each owning 4x4 output groups 64 apart; 128x128 tiles in v1,
// 128x64 here by default) with
//   - 16-byte global loads and stores (A, B, C, bias, residual bound as vec4 arrays),
//   - BK-deep slabs (BK = 16 by default: half v1's barriers per FLOP),
//   - optionally (`prefetch`) the next slab loaded into registers while the current one is multiplied.
// kernels-bench --sweep times the options; V2_DEFAULT is the fastest on an H100 (BENCHMARKS.md): a 128x64
// tile (8x4 per thread), BK=16, no prefetch, padded rows: 37.1 / 36.4 TFLOP/s for A·B / A·Bᵀ at 4096³
// and 34-38 on the training shapes, against 33.2 / 33.0 for 128x128 (whose 64 accumulators per thread
// cost occupancy; so do prefetch registers), 29.8-31.4 for 64x64 and 24-27 for BK=32.
// Split-K (matmul.ts) aims at `splitTarget` workgroups: 1056 (8 per multiprocessor of an H100) beat 264
// on the 5.9M weight gradients (1024x256, K = 16384: 0.301 -> 0.252 ms) and was level elsewhere.
// Tried and measured slower, so gone (BENCHMARKS.md): a double-buffered workgroup-memory variant, a fully
// unrolled k loop, 8x8 outputs per thread in 128-thread workgroups, workgroups of 512 and 1024 threads
// (8x4 per thread; 1024 caps registers at 64), and workgroup-memory reads pipelined one k step ahead.
// Needs N and K multiples of 4 (and M when transA), which every training shape satisfies; v1 covers the
// rest. Same semantics as v1 (see matmul.ts); edges are masked per vec4.
import { type MatmulConfig } from "./matmul";
import { epilogueAdds, epilogueBindings } from "./matmul.epilogue";

const THREADS = 256; // 16 x 16: each thread owns (tm/16) x (tn/16) outputs in 4x4 groups 64 apart

// `pad` stages rows one vec4 longer: the k-contiguous operand is stored transposed one f32 at a time,
// and with unpadded rows a warp's stores fall into 8 banks (4-way conflicts); padded, 2-way.
// `tm` x `tn` is the workgroup's output tile: 128x128 (8x8 per thread) or smaller tiles with fewer
// accumulators per thread (more workgroups per multiprocessor).
export type V2Options = {
  bk: 8 | 16 | 32;
  prefetch: boolean;
  pad: boolean;
  tm: 64 | 128;
  tn: 64 | 128;
  splitTarget: number;
};
export let V2_DEFAULT: V2Options = { bk: 16, prefetch: false, pad: true, tm: 128, tn: 64, splitTarget: 1056 };

/** For A/B runs only (train-bench --matmul=…): the options of every later matmul() given none. */
export function setV2Default(opt: V2Options): void {
  V2_DEFAULT = opt;
}

export function alignedForV2(cfg: MatmulConfig, M: number, N: number, K: number): boolean {
  return N % 4 === 0 && K % 4 === 0 && (!cfg.transA || M % 4 === 0);
}

export function shaderKeyV2(cfg: MatmulConfig, split: boolean, opt: V2Options = V2_DEFAULT): string {
  const epilogue = split ? "split" : `bias=${+cfg.bias}:acc=${+cfg.accumulate}:res=${+Boolean(cfg.residual)}`;
  return `matmul.v2:tA=${+cfg.transA}:tB=${+cfg.transB}:${epilogue}:bk=${opt.bk}:prefetch=${+opt.prefetch}:pad=${+opt.pad}:tile=${opt.tm}x${opt.tn}`;
}

type Operand = { name: "A" | "B"; along: "k" | "mn"; rows: number; bound: string };

// vec4s of one operand's rows x BK slab that each thread moves.
const perThread = (op: Operand, bk: number) => (op.rows * bk) / 4 / THREADS;

// Global -> register loads of one thread's vec4s of the A (or B) slab starting at k0. Guarded with an
// if, not select(): select evaluates both operands, and with robustness off an edge tile's read past
// the end of a buffer is undefined behaviour.
// along "k": stored with k contiguous (A not transposed, B transposed): a thread reads 4 consecutive k
// of one row. along "mn": stored with rows (m or n) contiguous: a thread reads 4 consecutive rows.
function loadSlab(op: Operand, bk: number): string {
  const lines: string[] = [];
  const k4s = bk / 4;
  const rows4 = op.rows / 4;
  for (let i = 0; i < perThread(op, bk); i++) {
    const e = `(lid + ${i * THREADS}u)`;
    const reg = `${op.name.toLowerCase()}${i}`;
    if (op.along === "k") {
      lines.push(`{ let row = base + ${e} / ${k4s}u; let k = k0 + (${e} % ${k4s}u) * 4u;
        ${reg} = vec4<f32>(0.0); if (row < ${op.bound} && k < kEnd) { ${reg} = ${op.name}[(row * s.K + k) / 4u]; } }`);
    } else {
      lines.push(`{ let kk = k0 + ${e} / ${rows4}u; let col = base + (${e} % ${rows4}u) * 4u;
        ${reg} = vec4<f32>(0.0); if (kk < kEnd && col < ${op.bound}) { ${reg} = ${op.name}[(kk * ${op.bound} + col) / 4u]; } }`);
    }
  }
  return lines.join("\n    ");
}

// Register -> workgroup stores in [k][row] order (rows `stride` vec4s apart), transposing the
// k-contiguous case.
function storeSlab(op: Operand, bk: number, stride: number): string {
  const lines: string[] = [];
  const k4s = bk / 4;
  const rows4 = op.rows / 4;
  for (let i = 0; i < perThread(op, bk); i++) {
    const e = `(lid + ${i * THREADS}u)`;
    const reg = `${op.name.toLowerCase()}${i}`;
    if (op.along === "k") {
      lines.push(`{ let r = ${e} / ${k4s}u; let k4 = ${e} % ${k4s}u;
      ${[0, 1, 2, 3].map((j) => `${op.name}s[(k4 * 4u + ${j}u) * ${stride}u + r / 4u][r % 4u] = ${reg}[${j}];`).join(" ")} }`);
    } else {
      lines.push(`${op.name}s[(${e} / ${rows4}u) * ${stride}u + ${e} % ${rows4}u] = ${reg};`);
    }
  }
  return lines.join("\n    ");
}

// One k step of the update. The k loop stays a loop (the driver unrolls it; lavapipe compiles it far
// faster than pasted copies); the accumulators take constant indices only, so they stay in registers.
function productStep(rowGroups: number, colGroups: number, strideA: number, strideB: number): string {
  const lines: string[] = [];
  for (let g = 0; g < rowGroups; g++) lines.push(`let a${g} = As[k * ${strideA}u + ${g * 16}u + ty];`);
  for (let h = 0; h < colGroups; h++) lines.push(`let b${h} = Bs[k * ${strideB}u + ${h * 16}u + tx];`);
  for (let g = 0; g < rowGroups; g++) {
    ["x", "y", "z", "w"].forEach((lane, i) => {
      for (let h = 0; h < colGroups; h++) {
        const at = ((g * 4 + i) * colGroups + h).toString();
        lines.push(`acc[${at}] = fma(vec4<f32>(a${g}.${lane}), b${h}, acc[${at}]);`);
      }
    });
  }
  return lines.join("\n      ");
}

/** With `split`, the epilogue is left to the split-K reduction and C is the [splits, M, N] partial buffer. */
export function buildShaderV2(cfgIn: MatmulConfig, split: boolean, opt: V2Options = V2_DEFAULT): string {
  const cfg = split ? { ...cfgIn, bias: false, accumulate: false, residual: false } : cfgIn;
  const bk = opt.bk;
  if ((Math.min(opt.tm, opt.tn) * bk) / 4 < THREADS)
    throw new Error(
      `matmul v2: a ${opt.tm}x${opt.tn} tile needs BK >= ${(4 * THREADS) / Math.min(opt.tm, opt.tn)}`,
    );
  const A: Operand = { name: "A", along: cfg.transA ? "mn" : "k", rows: opt.tm, bound: "s.M" };
  const B: Operand = { name: "B", along: cfg.transB ? "k" : "mn", rows: opt.tn, bound: "s.N" };
  const strideA = opt.tm / 4 + (opt.pad ? 1 : 0);
  const strideB = opt.tn / 4 + (opt.pad ? 1 : 0);
  const rowGroups = opt.tm / 64;
  const colGroups = opt.tn / 64;
  const registers = [
    ...Array.from({ length: perThread(A, bk) }, (_, i) => `var a${i}: vec4<f32>;`),
    ...Array.from({ length: perThread(B, bk) }, (_, i) => `var b${i}: vec4<f32>;`),
  ].join(" ");
  const load = `{ let base = m0; ${loadSlab(A, bk)} }
    { let base = n0; ${loadSlab(B, bk)} }`;
  const store = `${storeSlab(A, bk, strideA)}
    ${storeSlab(B, bk, strideB)}`;
  const stores: string[] = [];
  for (let g = 0; g < rowGroups; g++) {
    for (let i = 0; i < 4; i++) {
      for (let h = 0; h < colGroups; h++) {
        const at = (g * 4 + i) * colGroups + h;
        stores.push(
          `store4(wg.z, m0 + ${g * 64}u + ty * 4u + ${i}u, n0 + ${h * 64}u + tx * 4u, acc[${at}]);`,
        );
      }
    }
  }
  const loop = opt.prefetch
    ? `${load}
  ${store}
  workgroupBarrier();
  for (; k0 < kEnd; k0 += ${bk}u) {
    let more = k0 + ${bk}u < kEnd;
    if (more) {
      let k0 = k0 + ${bk}u;
      ${load}
    }
    for (var k = 0u; k < ${bk}u; k++) {
      ${productStep(rowGroups, colGroups, strideA, strideB)}
    }
    workgroupBarrier();
    if (more) {
      ${store}
    }
    workgroupBarrier();
  }`
    : `for (; k0 < kEnd; k0 += ${bk}u) {
    ${load}
    ${store}
    workgroupBarrier();
    for (var k = 0u; k < ${bk}u; k++) {
      ${productStep(rowGroups, colGroups, strideA, strideB)}
    }
    workgroupBarrier();
  }`;
  return /* wgsl */ `
struct Shape { M: u32, N: u32, K: u32, kChunk: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>;
${epilogueBindings(cfg, 4, "vec4<f32>")}

var<workgroup> As: array<vec4<f32>, ${bk * strideA}>;
var<workgroup> Bs: array<vec4<f32>, ${bk * strideB}>;

fn store4(wgz: u32, gm: u32, gn: u32, v: vec4<f32>) {
  if (gm >= s.M || gn >= s.N) { return; }
  let i = (wgz * s.M * s.N + gm * s.N + gn) / 4u;
  var out = v;
  ${epilogueAdds(cfg, "out", "gn / 4u", "i")}
  C[i] = out;
}

@compute @workgroup_size(${THREADS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let m0 = wg.y * ${opt.tm}u;
  let n0 = wg.x * ${opt.tn}u;
  let tx = lid % 16u;
  let ty = lid / 16u;
  var acc: array<vec4<f32>, ${4 * rowGroups * colGroups}>;
  ${registers}
  // Split-K: workgroup z multiplies the k range [kBegin, kEnd) into its own partial output.
  let kBegin = wg.z * s.kChunk;
  let kEnd = min(s.K, kBegin + s.kChunk);
  var k0 = kBegin;
  ${loop}
  ${stores.join("\n  ")}
}`;
}
