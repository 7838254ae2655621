// Mamba-2's SSD (state space duality) chunked scan, forward and backward, as in the paper's reference
// (ssd_minimal_discrete in state-spaces/mamba) with one B/C group shared by every head and skip D.
// Per batch b and head h, with a_t = A_h·dt_t (A < 0), the recurrence it computes is
//   state_t = exp(a_t)·state_{t−1} + dt_t·x_t·B_tᵀ   (P x N),   y_t = state_t·C_t + D_h·x_t
// and the chunked algorithm splits the sequence into chunks of Q steps (the last may be shorter). With
// acs the inclusive cumulative sum of a inside a chunk (so every exponent below is ≤ 0: no overflow,
// no segsum needed), CB = C·Bᵀ per chunk and L[l,s] = exp(acs_l − acs_s) for s ≤ l:
//   (1) cumsum      acs per (b, h, chunk)
//   (2) cb          CB[l,s] = C_l·B_s, once per (b, chunk) since heads share B and C
//   (3) chunkState  S_c = Σ_l exp(acs_last − acs_l)·dt_l·x_l·B_lᵀ                 (P x N per head)
//   (4) statePass   H_0 = 0, H_{c+1} = exp(acs_last,c)·H_c + S_c, sequential over chunks; H_c replaces S_c
//   (5) output      y_l = Σ_{s≤l} CB[l,s]·L[l,s]·dt_s·x_s + exp(acs_l)·H_c·C_l + D·x_l
// Memory is linear in T: the states H_c (one P x N per head per chunk), acs (one per token and head) and CB
// (chunk floats per token) are kept for backward; the rest of SsdScratch is free between launches.
// Backward, with G = CB∘L and dS_c = ∂/∂H_{c+1} (the reverse state pass):
//   dHloc_c = Σ_l exp(acs_l)·dy_l·C_lᵀ;  dS_{c−1} via dH_c = dHloc_c + exp(acs_last,c)·dH_{c+1}
//   dx̄_l = Σ_{l'≥l} G[l',l]·dy_l' + exp(acs_last − acs_l)·dS_c·B_l;  dx_l = dt_l·dx̄_l + D·dy_l
//   ∂/∂acs_l = dy_l·(y_l − D·x_l) − dt_l·x_l·dx̄_l (+ Σ dS_c∘H_{c+1} at the chunk's last step)
//   da = reverse cumsum of ∂/∂acs in the chunk; ddt_l = x_l·dx̄_l + A·da_l; dA = Σ dt·da; dD = Σ dy·x
//   dCB[l,s] = Σ_h (dy_l·x_s)·L_h[l,s]·dt_s;  dC_l = Σ_s dCB[l,s]·B_s + Σ_h exp(acs_l)·H_cᵀ·dy_l
//   dB_s = Σ_l dCB[l,s]·C_l + Σ_h exp(acs_last − acs_s)·dt_s·dS_cᵀ·x_s
// Every matrix product runs on one register-tiled template (64 x 64 output tile per workgroup, 4 x 4 per
// thread, k in steps of 16 through workgroup memory); each output has one owner, so no atomics and the
// result is deterministic. Reductions over heads and (batch, chunk) go through partials + colsum stage 2.
//
// Layouts: xbc[B·T, H·P + 2·N] is the conv1d output (x | B | C per row), dt[B·T, H], A[H], D[H],
// y[B·T, H·P]; the gradient dxbc has xbc's layout (every column written).
import { makeDispatch, ceilDiv, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { sumPartials } from "../colsum/colsum";
import { threadPerElement } from "../../snippets/entry";
import { workgroupReduce } from "../../snippets/workgroup-reduce";

export type SsdShape = { B: number; T: number; H: number; P: number; N: number; Q: number };

export type SsdTensors = {
  xbc: Tensor;
  dt: Tensor;
  A: Tensor;
  D: Tensor;
  y: Tensor;
  /** Saved for backward: [B, chunks, H, P, N], the state entering each chunk. */
  states: Tensor;
};

export type SsdGrads = { dy: Tensor; dxbc: Tensor; ddt: Tensor; dA: Tensor; dD: Tensor };

/** acs and cb carry the forward's values into the backward; the rest is used inside one backward only. */
export type SsdScratch = {
  acs: Tensor;
  cb: Tensor;
  dcb: Tensor;
  dstates: Tensor;
  dlast: Tensor;
  rows: Tensor;
  partialA: Tensor;
  partialD: Tensor;
};

const TILE = 64;
const KSTEP = 16;
const WG = 256;
const MAX_GRID = 65535;

export function chunks(s: SsdShape): number {
  return ceilDiv(s.T, s.Q);
}

export function stateLength(s: SsdShape): number {
  return s.B * chunks(s) * s.H * s.P * s.N;
}

/**
 * Forward FLOPs per token of the scan's products, 2 per multiply-add at full tiles (@forge/spec's convention):
 * CB 2·q·N (q = min(Q, T)), the intra-chunk output 2·q·H·P, the chunk state and state-to-output 2·H·P·N each.
 */
export function ssdForwardFlopsPerToken(s: SsdShape): number {
  const q = Math.min(s.Q, s.T);
  return 2 * q * s.N + 2 * q * s.H * s.P + 4 * s.H * s.P * s.N;
}

export function scratchLengths(s: SsdShape): Record<keyof SsdScratch, number> {
  const nc = chunks(s);
  const q = Math.min(s.Q, s.T);
  return {
    acs: s.B * s.H * s.T,
    cb: s.B * nc * q * q,
    dcb: s.B * nc * q * q,
    dstates: stateLength(s),
    dlast: s.B * s.H * nc,
    rows: s.B * s.H * s.T * ceilDiv(s.P, TILE) * 3,
    partialA: s.B * nc * s.H,
    partialD: s.B * nc * s.H,
  };
}

export function validate(s: SsdShape, t: SsdTensors): void {
  for (const [name, v] of Object.entries(s))
    if (!Number.isInteger(v) || v < 1) throw new Error(`ssd: ${name} must be a positive integer, got ${v}`);
  const rows = s.B * s.T;
  const need: Array<[string, Tensor, number]> = [
    ["xbc", t.xbc, rows * (s.H * s.P + 2 * s.N)],
    ["dt", t.dt, rows * s.H],
    ["A", t.A, s.H],
    ["D", t.D, s.H],
    ["y", t.y, rows * s.H * s.P],
    ["states", t.states, stateLength(s)],
  ];
  for (const [name, tensor, n] of need)
    if (tensor.length < n) throw new Error(`ssd: ${name} holds ${tensor.length} < ${n} elements`);
}

/** `alloc` gives a tensor of a length (the pool's, or a network's that it releases with the rest). */
export function allocateScratch(alloc: (length: number) => Tensor, s: SsdShape): SsdScratch {
  const lengths = scratchLengths(s);
  const tensor = (key: keyof SsdScratch) => alloc(lengths[key]);
  return {
    acs: tensor("acs"),
    cb: tensor("cb"),
    dcb: tensor("dcb"),
    dstates: tensor("dstates"),
    dlast: tensor("dlast"),
    rows: tensor("rows"),
    partialA: tensor("partialA"),
    partialD: tensor("partialD"),
  };
}

function validateScratch(s: SsdShape, scratch: SsdScratch, keys: Array<keyof SsdScratch>): void {
  const lengths = scratchLengths(s);
  for (const key of keys)
    if (scratch[key].length < lengths[key])
      throw new Error(`ssd: scratch ${key} holds ${scratch[key].length} < ${lengths[key]} elements`);
}

const HEADER = /* wgsl */ `
struct Shape { B: u32, T: u32, H: u32, P: u32, N: u32, Q: u32, NC: u32, W: u32, PT: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
fn xIdx(row: u32, h: u32, p: u32) -> u32 { return row * s.W + h * s.P + p; }
fn bIdx(row: u32, n: u32) -> u32 { return row * s.W + s.H * s.P + n; }
fn cIdx(row: u32, n: u32) -> u32 { return row * s.W + s.H * s.P + s.N + n; }
fn yIdx(row: u32, h: u32, p: u32) -> u32 { return row * s.H * s.P + h * s.P + p; }
fn acsIdx(b: u32, h: u32, t: u32) -> u32 { return (b * s.H + h) * s.T + t; }
fn stIdx(b: u32, c: u32, h: u32, p: u32, n: u32) -> u32 { return (((b * s.NC + c) * s.H + h) * s.P + p) * s.N + n; }
fn cbIdx(b: u32, c: u32, l: u32, m: u32) -> u32 { return ((b * s.NC + c) * min(s.Q, s.T) + l) * min(s.Q, s.T) + m; }
fn chunkLen(c: u32) -> u32 { return min(s.Q, s.T - c * s.Q); }
`;

// Batch decompositions of the tiled kernels' wg.z: per (b, chunk, head) or per (b, chunk).
const PER_HEAD = /* wgsl */ `
  let h = z % s.H;
  let c = (z / s.H) % s.NC;
  let b = z / (s.H * s.NC);
  let t0 = c * s.Q;
  let L = chunkLen(c);
  let r0w = b * s.T + t0;
  let acsLast = ACS[acsIdx(b, h, t0 + L - 1u)];`;
const PER_CHUNK = /* wgsl */ `
  let c = z % s.NC;
  let b = z / s.NC;
  let t0 = c * s.Q;
  let L = chunkLen(c);
  let r0w = b * s.T + t0;`;

type Phase = {
  /** WGSL u32 expressions bounding k; may use the tile origin r0/c0 and the prologue's names. */
  begin: string;
  end: string;
  /** Elements A[i, k] and B[k, j] (u32 i, k, j), read only inside the bounds. */
  a: string;
  b: string;
  /** The operand is contiguous in memory along k (not i or j): neighbouring threads then load along k. */
  aAlongK?: boolean;
  bAlongK?: boolean;
};

type TiledKernel = {
  bindings: string;
  /** Uniform bound on NCOL over the batch: fixes the number of column tiles. */
  maxCols: string;
  /** Statements naming the batch from z = wg.z, then `let M` (rows) and `let NCOL` (columns). */
  prologue: string;
  phases: Phase[];
  /** acc += Σ_g scale(i, j, g)·(Σ_phases A·B for that g): the per-head sum of dCB. */
  groups?: { count: string; scale: string };
  epilogue: string;
  extraWorkgroup?: string;
};

const unroll = (n: number, line: (i: number) => string, sep = "\n    ") =>
  Array.from({ length: n }, (_, i) => line(i)).join(sep);

// Tiles live in workgroup memory as [k][TILE + 1] (padded: a store along k hits distinct banks).
const ROW = TILE + 1;

/** Which tile element thread slot e loads: along the tile's rows (coalesced when rows are contiguous) or along k. */
const tileSlot = (alongK: boolean) =>
  alongK
    ? `let kk = e % ${KSTEP}u; let ii = e / ${KSTEP}u;`
    : `let kk = e / ${TILE}u; let ii = e % ${TILE}u;`;

function phaseCode(p: Phase, target: string): string {
  return /* wgsl */ `{
    let kEnd = ${p.end};
    for (var k0 = ${p.begin}; k0 < kEnd; k0 += ${KSTEP}u) {
      for (var e = lid; e < ${TILE * KSTEP}u; e += ${WG}u) {
        ${tileSlot(p.aAlongK ?? false)}
        let i = r0 + ii;
        let k = k0 + kk;
        var v = 0.0;
        if (i < M && k < kEnd) { v = ${p.a}; }
        As[kk * ${ROW}u + ii] = v;
      }
      for (var e = lid; e < ${TILE * KSTEP}u; e += ${WG}u) {
        ${tileSlot(p.bAlongK ?? false)}
        let j = c0 + ii;
        let k = k0 + kk;
        var v = 0.0;
        if (j < NCOL && k < kEnd) { v = ${p.b}; }
        Bs[kk * ${ROW}u + ii] = v;
      }
      workgroupBarrier();
      for (var kk = 0u; kk < ${KSTEP}u; kk++) {
        let o = kk * ${ROW}u;
        let av = vec4<f32>(As[o + tr], As[o + tr + 1u], As[o + tr + 2u], As[o + tr + 3u]);
        let bv = vec4<f32>(Bs[o + tc], Bs[o + tc + 1u], Bs[o + tc + 2u], Bs[o + tc + 3u]);
        ${target}[0] += av.x * bv; ${target}[1] += av.y * bv; ${target}[2] += av.z * bv; ${target}[3] += av.w * bv;
      }
      workgroupBarrier();
    }
  }`;
}

/** Runs `code` for each of the thread's 4 x 4 outputs inside the bounds, with i, j and v = acc. */
const eachOutput = (code: string) =>
  unroll(
    16,
    (e) => `{ let i = r0 + tr + ${e >> 2}u; let j = c0 + tc + ${e & 3}u;
      if (i < M && j < NCOL) { let v = acc[${e >> 2}][${e & 3}]; ${code} } }`,
  );

function tiledShader(k: TiledKernel): string {
  const body = k.groups
    ? `for (var g = 0u; g < ${k.groups.count}; g++) {
    var part = array<vec4<f32>, 4>();
    ${k.phases.map((p) => phaseCode(p, "part")).join("\n")}
    ${unroll(
      16,
      (e) => `{ let i = r0 + tr + ${e >> 2}u; let j = c0 + tc + ${e & 3}u;
      if (i < M && j < NCOL) { acc[${e >> 2}][${e & 3}] += part[${e >> 2}][${e & 3}] * (${k.groups?.scale}); } }`,
    )}
  }`
    : k.phases.map((p) => phaseCode(p, "acc")).join("\n");
  return /* wgsl */ `
${HEADER}
${k.bindings}
var<workgroup> As: array<f32, ${ROW * KSTEP}>;
var<workgroup> Bs: array<f32, ${ROW * KSTEP}>;
${k.extraWorkgroup ?? ""}
@compute @workgroup_size(${TILE / 4}, ${TILE / 4})
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32,
        @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let z = wg.z * nwg.y + wg.y;
  if (z >= ${k.prologue.includes(PER_HEAD) ? "s.B * s.NC * s.H" : "s.B * s.NC"}) { return; }
  ${k.prologue}
  let colTiles = (${k.maxCols} + ${TILE - 1}u) / ${TILE}u;
  let r0 = (wg.x / colTiles) * ${TILE}u;
  let c0 = (wg.x % colTiles) * ${TILE}u;
  if (r0 >= M || c0 >= NCOL) { return; }
  let tr = lid3.y * 4u;
  let tc = lid3.x * 4u;
  var acc: array<vec4<f32>, 4>;
  ${body}
  ${k.epilogue}
}`;
}

// ---- forward kernels ----

function cumsumShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> DT: array<f32>;
@group(0) @binding(2) var<storage, read> A: array<f32>;
@group(0) @binding(3) var<storage, read_write> ACS: array<f32>;
${threadPerElement(
  WG,
  `let c = e % s.NC;
  let h = (e / s.NC) % s.H;
  let b = e / (s.NC * s.H);
  let t0 = c * s.Q;
  var acs = 0.0;
  for (var l = 0u; l < chunkLen(c); l++) {
    acs += A[h] * DT[(b * s.T + t0 + l) * s.H + h];
    ACS[acsIdx(b, h, t0 + l)] = acs;
  }`,
  { index: "e", count: "s.B * s.H * s.NC" },
)}`;
}

const cbKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read_write> CB: array<f32>;`,
  maxCols: "min(s.Q, s.T)",
  prologue: `${PER_CHUNK}
  let M = L;
  let NCOL = L;`,
  phases: [
    {
      begin: "0u",
      end: "s.N",
      a: "XBC[cIdx(r0w + i, k)]",
      b: "XBC[bIdx(r0w + j, k)]",
      aAlongK: true,
      bAlongK: true,
    },
  ],
  epilogue: eachOutput("CB[cbIdx(b, c, i, j)] = v;"),
};

const chunkStateKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> DT: array<f32>;
@group(0) @binding(3) var<storage, read> ACS: array<f32>;
@group(0) @binding(4) var<storage, read_write> ST: array<f32>;`,
  maxCols: "s.N",
  prologue: `${PER_HEAD}
  let M = s.P;
  let NCOL = s.N;`,
  phases: [
    {
      begin: "0u",
      end: "L",
      a: "XBC[xIdx(r0w + k, h, i)] * DT[(r0w + k) * s.H + h] * exp(acsLast - ACS[acsIdx(b, h, t0 + k)])",
      b: "XBC[bIdx(r0w + k, j)]",
    },
  ],
  epilogue: eachOutput("ST[stIdx(b, c, h, i, j)] = v;"),
};

// Sequential over chunks, one thread per (b, head, p, n). Latency-bound, so each step issues the next
// chunk's loads before its own store and multiply-add (they do not depend on the carry).
function statePassShader(backward: boolean): string {
  // Forward: ST holds S_c and becomes H_c. Backward: DST holds dHloc_c and becomes dS_c.
  const buffer = backward ? "DST" : "ST";
  const chunkAt = (step: string) => (backward ? `s.NC - 1u - ${step}` : step);
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> ACS: array<f32>;
@group(0) @binding(2) var<storage, read_write> ${buffer}: array<f32>;
fn chunkDecay(b: u32, h: u32, c: u32) -> f32 { return exp(ACS[acsIdx(b, h, c * s.Q + chunkLen(c) - 1u)]); }
${threadPerElement(
  WG,
  `let n = e % s.N;
  let p = (e / s.N) % s.P;
  let h = (e / (s.N * s.P)) % s.H;
  let b = e / (s.N * s.P * s.H);
  var carry = 0.0;
  var local = ${buffer}[stIdx(b, ${chunkAt("0u")}, h, p, n)];
  var decay = chunkDecay(b, h, ${chunkAt("0u")});
  for (var step = 0u; step < s.NC; step++) {
    let c = ${chunkAt("step")};
    var nextLocal = 0.0;
    var nextDecay = 0.0;
    if (step + 1u < s.NC) {
      nextLocal = ${buffer}[stIdx(b, ${chunkAt("(step + 1u)")}, h, p, n)];
      nextDecay = chunkDecay(b, h, ${chunkAt("(step + 1u)")});
    }
    ${buffer}[stIdx(b, c, h, p, n)] = carry;
    carry = local + decay * carry;
    local = nextLocal;
    decay = nextDecay;
  }`,
  { index: "e", count: "s.B * s.H * s.P * s.N" },
)}`;
}

const outputKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> DT: array<f32>;
@group(0) @binding(3) var<storage, read> D: array<f32>;
@group(0) @binding(4) var<storage, read> ACS: array<f32>;
@group(0) @binding(5) var<storage, read> CB: array<f32>;
@group(0) @binding(6) var<storage, read> ST: array<f32>;
@group(0) @binding(7) var<storage, read_write> Y: array<f32>;`,
  maxCols: "s.P",
  prologue: `${PER_HEAD}
  let M = L;
  let NCOL = s.P;`,
  phases: [
    {
      // causal: keys s ≤ l, so the tile's rows need k below r0 + TILE only
      begin: "0u",
      end: `min(L, r0 + ${TILE}u)`,
      a: "select(0.0, CB[cbIdx(b, c, i, k)] * exp(ACS[acsIdx(b, h, t0 + i)] - ACS[acsIdx(b, h, t0 + k)]), k <= i)",
      b: "XBC[xIdx(r0w + k, h, j)] * DT[(r0w + k) * s.H + h]",
      aAlongK: true,
    },
    {
      begin: "0u",
      end: "s.N",
      a: "XBC[cIdx(r0w + i, k)] * exp(ACS[acsIdx(b, h, t0 + i)])",
      b: "ST[stIdx(b, c, h, j, k)]",
      aAlongK: true,
      bAlongK: true,
    },
  ],
  epilogue: eachOutput("Y[yIdx(r0w + i, h, j)] = v + D[h] * XBC[xIdx(r0w + i, h, j)];"),
};

// ---- backward kernels ----

const dHlocKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> ACS: array<f32>;
@group(0) @binding(3) var<storage, read> DY: array<f32>;
@group(0) @binding(4) var<storage, read_write> DST: array<f32>;`,
  maxCols: "s.N",
  prologue: `${PER_HEAD}
  let M = s.P;
  let NCOL = s.N;`,
  phases: [
    {
      begin: "0u",
      end: "L",
      a: "DY[yIdx(r0w + k, h, i)] * exp(ACS[acsIdx(b, h, t0 + k)])",
      b: "XBC[cIdx(r0w + k, j)]",
    },
  ],
  epilogue: eachOutput("DST[stIdx(b, c, h, i, j)] = v;"),
};

// Σ_{p,n} dS_c ∘ H_{c+1}: the state path's gradient with respect to the chunk's last cumulative decay.
function dlastShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> ST: array<f32>;
@group(0) @binding(2) var<storage, read> DST: array<f32>;
@group(0) @binding(3) var<storage, read_write> DLAST: array<f32>;
${workgroupReduce(WG, ["sum"])}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let z = wg.z * nwg.y + wg.y;
  if (z >= s.B * s.NC * s.H) { return; }
  let h = z % s.H;
  let c = (z / s.H) % s.NC;
  let b = z / (s.H * s.NC);
  var sum = 0.0;
  if (c + 1u < s.NC) {
    let here = stIdx(b, c, h, 0u, 0u);
    let next = stIdx(b, c + 1u, h, 0u, 0u);
    for (var e = lid; e < s.P * s.N; e += ${WG}u) { sum += DST[here + e] * ST[next + e]; }
  }
  let total = workgroupSum(sum, lid);
  if (lid == 0u) { DLAST[(b * s.H + h) * s.NC + c] = total; }
}`;
}

// dx̄ per (chunk, head); its epilogue writes dx and, per row and column tile, the partial sums
// x·dx̄, dy·(y − D·x) and dy·x that the row kernel turns into ddt, dA and dD.
const dxKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> DT: array<f32>;
@group(0) @binding(3) var<storage, read> D: array<f32>;
@group(0) @binding(4) var<storage, read> ACS: array<f32>;
@group(0) @binding(5) var<storage, read> CB: array<f32>;
@group(0) @binding(6) var<storage, read> DST: array<f32>;
@group(0) @binding(7) var<storage, read> Y: array<f32>;
@group(0) @binding(8) var<storage, read> DY: array<f32>;
@group(0) @binding(9) var<storage, read_write> DXBC: array<f32>;
@group(0) @binding(10) var<storage, read_write> ROWS: array<f32>;`,
  extraWorkgroup: `var<workgroup> red: array<f32, ${TILE * (TILE / 4) * 3}>;`,
  maxCols: "s.P",
  prologue: `${PER_HEAD}
  let M = L;
  let NCOL = s.P;`,
  phases: [
    {
      // anti-causal: outputs l' ≥ l, so the tile's rows need k from r0 on
      begin: "r0",
      end: "L",
      a: "select(0.0, CB[cbIdx(b, c, k, i)] * exp(ACS[acsIdx(b, h, t0 + k)] - ACS[acsIdx(b, h, t0 + i)]), k >= i)",
      b: "DY[yIdx(r0w + k, h, j)]",
    },
    {
      begin: "0u",
      end: "s.N",
      a: "XBC[bIdx(r0w + i, k)] * exp(acsLast - ACS[acsIdx(b, h, t0 + i)])",
      b: "DST[stIdx(b, c, h, j, k)]",
      aAlongK: true,
      bAlongK: true,
    },
  ],
  epilogue: `
  ${unroll(
    4,
    (r) => `{
    let i = r0 + tr + ${r}u;
    var sx = 0.0; var sy = 0.0; var sd = 0.0;
    if (i < M) {
      let row = r0w + i;
      let dt = DT[row * s.H + h];
      ${unroll(
        4,
        (q) => `{ let j = c0 + tc + ${q}u;
        if (j < NCOL) {
          let dxb = acc[${r}][${q}];
          let xv = XBC[xIdx(row, h, j)];
          let dy = DY[yIdx(row, h, j)];
          DXBC[xIdx(row, h, j)] = dt * dxb + D[h] * dy;
          sx += xv * dxb; sy += dy * (Y[yIdx(row, h, j)] - D[h] * xv); sd += dy * xv;
        } }`,
        "\n      ",
      )}
    }
    let slot = ((tr + ${r}u) * ${TILE / 4}u + lid3.x) * 3u;
    red[slot] = sx; red[slot + 1u] = sy; red[slot + 2u] = sd;
  }`,
  )}
  workgroupBarrier();
  if (lid < ${TILE}u && r0 + lid < M) {
    var total = vec3<f32>(0.0);
    for (var q = 0u; q < ${TILE / 4}u; q++) {
      let slot = (lid * ${TILE / 4}u + q) * 3u;
      total += vec3<f32>(red[slot], red[slot + 1u], red[slot + 2u]);
    }
    let out = (acsIdx(b, h, t0 + r0 + lid) * s.PT + c0 / ${TILE}u) * 3u;
    ROWS[out] = total.x; ROWS[out + 1u] = total.y; ROWS[out + 2u] = total.z;
  }`,
};

// One thread per (b, head, chunk): ∂/∂acs per step, its reverse cumsum (da), then ddt, and the chunk's
// partial dA and dD.
function rowsShader(): string {
  return /* wgsl */ `
${HEADER}
@group(0) @binding(1) var<storage, read> DT: array<f32>;
@group(0) @binding(2) var<storage, read> A: array<f32>;
@group(0) @binding(3) var<storage, read> ROWS: array<f32>;
@group(0) @binding(4) var<storage, read> DLAST: array<f32>;
@group(0) @binding(5) var<storage, read_write> DDT: array<f32>;
@group(0) @binding(6) var<storage, read_write> PA: array<f32>;
@group(0) @binding(7) var<storage, read_write> PD: array<f32>;
${threadPerElement(
  WG,
  `let c = e % s.NC;
  let h = (e / s.NC) % s.H;
  let b = e / (s.NC * s.H);
  let t0 = c * s.Q;
  let L = chunkLen(c);
  var da = 0.0;
  var dA = 0.0;
  var dD = 0.0;
  for (var back = 0u; back < L; back++) {
    let l = L - 1u - back;
    var sums = vec3<f32>(0.0);
    for (var q = 0u; q < s.PT; q++) {
      let slot = (acsIdx(b, h, t0 + l) * s.PT + q) * 3u;
      sums += vec3<f32>(ROWS[slot], ROWS[slot + 1u], ROWS[slot + 2u]);
    }
    let row = b * s.T + t0 + l;
    let dt = DT[row * s.H + h];
    var dacs = sums.y - dt * sums.x;
    if (back == 0u) { dacs += DLAST[(b * s.H + h) * s.NC + c]; }
    da += dacs;
    DDT[row * s.H + h] = sums.x + A[h] * da;
    dA += dt * da;
    dD += sums.z;
  }
  PA[(b * s.NC + c) * s.H + h] = dA;
  PD[(b * s.NC + c) * s.H + h] = dD;`,
  { index: "e", count: "s.B * s.H * s.NC" },
)}`;
}

const dcbKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> DT: array<f32>;
@group(0) @binding(3) var<storage, read> ACS: array<f32>;
@group(0) @binding(4) var<storage, read> DY: array<f32>;
@group(0) @binding(5) var<storage, read_write> DCB: array<f32>;`,
  maxCols: "min(s.Q, s.T)",
  prologue: `${PER_CHUNK}
  let M = L;
  let NCOL = L;`,
  phases: [
    {
      begin: "0u",
      end: "s.P",
      a: "DY[yIdx(r0w + i, g, k)]",
      b: "XBC[xIdx(r0w + j, g, k)]",
      aAlongK: true,
      bAlongK: true,
    },
  ],
  groups: {
    count: "s.H",
    scale:
      "select(0.0, exp(ACS[acsIdx(b, g, t0 + i)] - ACS[acsIdx(b, g, t0 + j)]) * DT[(r0w + j) * s.H + g], j <= i)",
  },
  epilogue: eachOutput("DCB[cbIdx(b, c, i, j)] = v;"),
};

// k over (head, p) pairs: index k = h·P + p.
const dcKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> ACS: array<f32>;
@group(0) @binding(3) var<storage, read> ST: array<f32>;
@group(0) @binding(4) var<storage, read> DY: array<f32>;
@group(0) @binding(5) var<storage, read> DCB: array<f32>;
@group(0) @binding(6) var<storage, read_write> DXBC: array<f32>;`,
  maxCols: "s.N",
  prologue: `${PER_CHUNK}
  let M = L;
  let NCOL = s.N;`,
  phases: [
    {
      begin: "0u",
      end: `min(L, r0 + ${TILE}u)`,
      a: "DCB[cbIdx(b, c, i, k)]",
      b: "XBC[bIdx(r0w + k, j)]",
      aAlongK: true,
    },
    {
      begin: "0u",
      end: "s.H * s.P",
      a: "DY[(r0w + i) * s.H * s.P + k] * exp(ACS[acsIdx(b, k / s.P, t0 + i)])",
      b: "ST[stIdx(b, c, k / s.P, k % s.P, j)]",
      aAlongK: true,
    },
  ],
  epilogue: eachOutput("DXBC[cIdx(r0w + i, j)] = v;"),
};

const dbKernel: TiledKernel = {
  bindings: `@group(0) @binding(1) var<storage, read> XBC: array<f32>;
@group(0) @binding(2) var<storage, read> DT: array<f32>;
@group(0) @binding(3) var<storage, read> ACS: array<f32>;
@group(0) @binding(4) var<storage, read> DST: array<f32>;
@group(0) @binding(5) var<storage, read> DCB: array<f32>;
@group(0) @binding(6) var<storage, read_write> DXBC: array<f32>;`,
  maxCols: "s.N",
  prologue: `${PER_CHUNK}
  let M = L;
  let NCOL = s.N;`,
  phases: [
    { begin: "r0", end: "L", a: "DCB[cbIdx(b, c, k, i)]", b: "XBC[cIdx(r0w + k, j)]" },
    {
      begin: "0u",
      end: "s.H * s.P",
      a: `XBC[(r0w + i) * s.W + k] * DT[(r0w + i) * s.H + k / s.P]
          * exp(ACS[acsIdx(b, k / s.P, t0 + L - 1u)] - ACS[acsIdx(b, k / s.P, t0 + i)])`,
      b: "DST[stIdx(b, c, k / s.P, k % s.P, j)]",
      aAlongK: true,
    },
  ],
  epilogue: eachOutput("DXBC[bIdx(r0w + i, j)] = v;"),
};

type Pass =
  | "cumsum"
  | "cb"
  | "chunkState"
  | "statePass"
  | "output"
  | "dHloc"
  | "statePassBwd"
  | "dlast"
  | "dx"
  | "rows"
  | "dcb"
  | "dc"
  | "db";

const TILED: Partial<Record<Pass, TiledKernel>> = {
  cb: cbKernel,
  chunkState: chunkStateKernel,
  output: outputKernel,
  dHloc: dHlocKernel,
  dx: dxKernel,
  dcb: dcbKernel,
  dc: dcKernel,
  db: dbKernel,
};

export function shaderKey(pass: Pass): string {
  return `ssd:${pass}`;
}

export function buildShader(pass: Pass): string {
  const tiled = TILED[pass];
  if (tiled) return tiledShader(tiled);
  switch (pass) {
    case "cumsum":
      return cumsumShader();
    case "statePass":
      return statePassShader(false);
    case "statePassBwd":
      return statePassShader(true);
    case "dlast":
      return dlastShader();
    case "rows":
      return rowsShader();
    default:
      throw new Error(`ssd: no shader for pass ${pass}`);
  }
}

function launch(
  dev: EngineDevice,
  pass: Pass,
  u: GPUBuffer,
  bindings: Tensor[],
  grid: [number, number, number],
): Dispatch {
  const pipeline = dev.pipelines.get(shaderKey(pass), () => buildShader(pass));
  return makeDispatch(dev, `ssd_${pass}`, pipeline, [u, ...bindings], grid);
}

function shapeUniforms(dev: EngineDevice, s: SsdShape): GPUBuffer {
  const W = s.H * s.P + 2 * s.N;
  return uniforms(dev.gpu, [s.B, s.T, s.H, s.P, s.N, s.Q, chunks(s), W, ceilDiv(s.P, TILE)]);
}

/** Tiles in x; batches in y, overflowing into z past the 65535 a grid dimension allows. */
function batchGrid(x: number, batches: number): [number, number, number] {
  const y = Math.min(batches, MAX_GRID);
  return [x, y, ceilDiv(batches, y)];
}

function tiles(rows: number, cols: number, batches: number): [number, number, number] {
  return batchGrid(ceilDiv(cols, TILE) * ceilDiv(rows, TILE), batches);
}

export function ssdForward(dev: EngineDevice, s: SsdShape, t: SsdTensors, x: SsdScratch): Dispatch[] {
  validate(s, t);
  validateScratch(s, x, ["acs", "cb"]);
  const u = shapeUniforms(dev, s);
  const nc = chunks(s);
  const perHead = s.B * nc * s.H;
  const q = Math.min(s.Q, s.T);
  return [
    launch(dev, "cumsum", u, [t.dt, t.A, x.acs], grid1d(s.B * s.H * nc, WG)),
    launch(dev, "cb", u, [t.xbc, x.cb], tiles(q, q, s.B * nc)),
    launch(dev, "chunkState", u, [t.xbc, t.dt, x.acs, t.states], tiles(s.P, s.N, perHead)),
    launch(dev, "statePass", u, [x.acs, t.states], grid1d(s.B * s.H * s.P * s.N, WG)),
    launch(dev, "output", u, [t.xbc, t.dt, t.D, x.acs, x.cb, t.states, t.y], tiles(q, s.P, perHead)),
  ];
}

/**
 * Writes every column of dxbc, ddt, and dA, dD (overwritten, not accumulated). Reads acs and cb as the
 * forward left them in `x` (the caller keeps them between the two: 16 + chunk floats per token and head
 * or token), so the backward does not rebuild them.
 */
export function ssdBackward(
  dev: EngineDevice,
  s: SsdShape,
  t: SsdTensors,
  g: SsdGrads,
  x: SsdScratch,
): Dispatch[] {
  validate(s, t);
  validateScratch(s, x, ["acs", "cb", "dcb", "dstates", "dlast", "rows", "partialA", "partialD"]);
  const rows = s.B * s.T;
  if (g.dy.length < t.y.length || g.dxbc.length < rows * (s.H * s.P + 2 * s.N) || g.ddt.length < rows * s.H)
    throw new Error("ssd: dy, dxbc or ddt smaller than y, xbc or dt");
  if (g.dA.length < s.H || g.dD.length < s.H) throw new Error(`ssd: dA/dD hold fewer than H=${s.H}`);
  const u = shapeUniforms(dev, s);
  const nc = chunks(s);
  const q = Math.min(s.Q, s.T);
  const perHead = s.B * nc * s.H;
  return [
    launch(dev, "dHloc", u, [t.xbc, x.acs, g.dy, x.dstates], tiles(s.P, s.N, perHead)),
    launch(dev, "statePassBwd", u, [x.acs, x.dstates], grid1d(s.B * s.H * s.P * s.N, WG)),
    launch(dev, "dlast", u, [t.states, x.dstates, x.dlast], batchGrid(1, perHead)),
    launch(
      dev,
      "dx",
      u,
      [t.xbc, t.dt, t.D, x.acs, x.cb, x.dstates, t.y, g.dy, g.dxbc, x.rows],
      tiles(q, s.P, perHead),
    ),
    launch(
      dev,
      "rows",
      u,
      [t.dt, t.A, x.rows, x.dlast, g.ddt, x.partialA, x.partialD],
      grid1d(s.B * s.H * nc, WG),
    ),
    sumPartials(dev, x.partialA, g.dA, s.B * nc, s.H, false, "ssd_dA"),
    sumPartials(dev, x.partialD, g.dD, s.B * nc, s.H, false, "ssd_dD"),
    launch(dev, "dcb", u, [t.xbc, t.dt, x.acs, g.dy, x.dcb], tiles(q, q, s.B * nc)),
    launch(dev, "dc", u, [t.xbc, x.acs, t.states, g.dy, x.dcb, g.dxbc], tiles(q, s.N, s.B * nc)),
    launch(dev, "db", u, [t.xbc, t.dt, x.acs, x.dstates, x.dcb, g.dxbc], tiles(q, s.N, s.B * nc)),
  ];
}
