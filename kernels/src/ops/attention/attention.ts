// Causal self-attention with grouped KV heads, flash-style (FlashAttention-2 schedule), fwd and bwd.
// Input qkv[B, T, (Hq + 2·Hkv)·D] straight from the qkv projection (RoPE already applied in place, see
// rope.ts); query head h reads KV head h / (Hq/Hkv). Output o[B, T, Hq·D] plus the row log-sum-exp
// lse[B, Hq, T]: nothing of size T² is stored, so memory grows linearly with T.
//   forward: one thread per query row, K/V tiles staged in workgroup memory, online softmax.
//   backward: (1) dq kernel, one thread per query row; it also writes δ_i = dO_i·O_i for (2);
//             (2) dk/dv kernel, one thread per key row, looping over the query heads of its group and
//             over query tiles: dV += P·dO, dK += dS·Q with dS = P ∘ (dO·Vᵀ − δ). Each gradient is owned
//             by one thread, so no atomics and the result is deterministic.
// Head dim D is a shader constant (D % 4 == 0, vec4 rows); tile sizes follow the device's workgroup memory.
// Variants: v1 (this file) one thread per row; v2 (attention.v2-lanes.ts) a thread pair per row, used
// when the device has subgroups and D % 8 == 0 (kernels-bench times both).
import { makeDispatch, ceilDiv, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { buildShaderV2, shaderKeyV2 } from "./attention.v2-lanes";
import { CHUNK, HEADER, stageKeysValues, stageQueries, sum, unroll } from "./attention.wgsl";
import { loadVec4, storeVec4 } from "../../snippets/vec4";

export type AttentionShape = { B: number; T: number; Hq: number; Hkv: number; D: number };
export type AttentionTiles = { rows: number; keys: number; kvRows: number; qTile: number };

export function validate(s: AttentionShape): void {
  if (s.Hq % s.Hkv !== 0) throw new Error(`attention: heads ${s.Hq} not divisible by kv_heads ${s.Hkv}`);
  if (s.D % 4 !== 0) throw new Error(`attention: head dim ${s.D} must be a multiple of 4`);
}

/** Tile sizes that fit the device's workgroup memory (lavapipe has 32 KiB, Hopper through Vulkan 48). */
export function chooseTiles(D: number, workgroupBytes: number): AttentionTiles {
  const rows = 64;
  const keys = Math.max(4, Math.min(32, Math.floor(workgroupBytes / (2 * D * 4) / 4) * 4)); // multiple of CHUNK
  const qTile = 16;
  let kvRows = 64;
  while (kvRows > 8 && 2 * kvRows * (D + 4) * 4 + 2 * qTile * D * 4 + 2 * qTile * 4 > workgroupBytes)
    kvRows /= 2;
  return { rows, keys, kvRows, qTile };
}

export function shaderKey(pass: "fwd" | "dq" | "dkdv", D: number, t: AttentionTiles): string {
  return `attention:${pass}:D=${D}:r${t.rows}:k${t.keys}:kv${t.kvRows}:q${t.qTile}`;
}

function forwardShader(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  return /* wgsl */ `
const D4 = ${D4}u;
const BR = ${t.rows}u;
const BC = ${t.keys}u;
@group(0) @binding(1) var<storage, read> QKV: array<f32>;
@group(0) @binding(2) var<storage, read_write> O: array<f32>;
@group(0) @binding(3) var<storage, read_write> LSE: array<f32>;
${HEADER}
var<workgroup> Ks: array<vec4<f32>, ${t.keys * D4}>;
var<workgroup> Vs: array<vec4<f32>, ${t.keys * D4}>;

@compute @workgroup_size(${t.rows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let h = wg.y;
  let b = wg.z;
  let g = h / (s.Hq / s.Hkv);
  let i = wg.x * BR + lid;
  let valid = i < s.T;
  var q: array<vec4<f32>, ${D4}>;
  var o: array<vec4<f32>, ${D4}>;
  if (valid) {
    let qi = qIndex(b, i, h);
    ${unroll(D4, (d) => `q[${d}] = load4(qi + ${4 * d}u) * s.scale;`)}
  }
  var m = -1e30;
  var l = 0.0;
  let kvEnd = min(s.T, wg.x * BR + BR);
  for (var k0 = 0u; k0 < kvEnd; k0 += BC) {
    ${stageKeysValues("BR")}
    if (valid) {
      for (var j = 0u; j < BC; j += ${CHUNK}u) {
        if (k0 + j > i) { break; }
        ${unroll(CHUNK, (c) => `let s${c} = select(-1e30, ${sum(D4, (d) => `dot(q[${d}], Ks[(j + ${c}u) * D4 + ${d}u])`)}, k0 + j + ${c}u <= i);`)}
        let mNew = ${Array.from({ length: CHUNK }, (_, c) => `s${c}`).reduce((acc, x) => `max(${acc}, ${x})`, "m")};
        let alpha = exp(m - mNew);
        ${unroll(CHUNK, (c) => `let p${c} = exp(s${c} - mNew);`)}
        l = l * alpha + ${sum(CHUNK, (c) => `p${c}`)};
        ${unroll(D4, (d) => `o[${d}] = o[${d}] * alpha + ${sum(CHUNK, (c) => `p${c} * Vs[(j + ${c}u) * D4 + ${d}u]`)};`)}
        m = mNew;
      }
    }
  }
  if (valid) {
    let inv = 1.0 / l;
    let base = oIndex(b, i, h);
    ${unroll(D4, (d) => `{ let v = o[${d}] * inv; O[base + ${4 * d}u] = v.x; O[base + ${4 * d + 1}u] = v.y; O[base + ${4 * d + 2}u] = v.z; O[base + ${4 * d + 3}u] = v.w; }`)}
    LSE[rowIndex(b, h, i)] = m + log(l);
  }
}`;
}

function dqShader(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  return /* wgsl */ `
const D4 = ${D4}u;
const BR = ${t.rows}u;
const BC = ${t.keys}u;
@group(0) @binding(1) var<storage, read> QKV: array<f32>;
@group(0) @binding(2) var<storage, read> O: array<f32>;
@group(0) @binding(3) var<storage, read> DO: array<f32>;
@group(0) @binding(4) var<storage, read> LSE: array<f32>;
@group(0) @binding(5) var<storage, read_write> DELTA: array<f32>;
@group(0) @binding(6) var<storage, read_write> DQKV: array<f32>;
${HEADER}
${loadVec4("loadO", "O")}
${loadVec4("loadDO", "DO")}
var<workgroup> Ks: array<vec4<f32>, ${t.keys * D4}>;
var<workgroup> Vs: array<vec4<f32>, ${t.keys * D4}>;

@compute @workgroup_size(${t.rows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let h = wg.y;
  let b = wg.z;
  let g = h / (s.Hq / s.Hkv);
  let i = wg.x * BR + lid;
  let valid = i < s.T;
  var q: array<vec4<f32>, ${D4}>;
  var dO: array<vec4<f32>, ${D4}>;
  var dq: array<vec4<f32>, ${D4}>;
  var delta = 0.0;
  var lse = 0.0;
  if (valid) {
    let qi = qIndex(b, i, h);
    let oi = oIndex(b, i, h);
    ${unroll(D4, (d) => `q[${d}] = load4(qi + ${4 * d}u); dO[${d}] = loadDO(oi + ${4 * d}u); delta += dot(dO[${d}], loadO(oi + ${4 * d}u));`)}
    lse = LSE[rowIndex(b, h, i)];
    DELTA[rowIndex(b, h, i)] = delta;
  }
  let kvEnd = min(s.T, wg.x * BR + BR);
  for (var k0 = 0u; k0 < kvEnd; k0 += BC) {
    ${stageKeysValues("BR")}
    if (valid) {
      for (var j = 0u; j < BC; j += ${CHUNK}u) {
        if (k0 + j > i) { break; }
        ${unroll(CHUNK, (c) => `let p${c} = select(0.0, exp(s.scale * (${sum(D4, (d) => `dot(q[${d}], Ks[(j + ${c}u) * D4 + ${d}u])`)}) - lse), k0 + j + ${c}u <= i);`)}
        ${unroll(CHUNK, (c) => `let ds${c} = p${c} * (${sum(D4, (d) => `dot(dO[${d}], Vs[(j + ${c}u) * D4 + ${d}u])`)} - delta);`)}
        ${unroll(D4, (d) => `dq[${d}] += ${sum(CHUNK, (c) => `ds${c} * Ks[(j + ${c}u) * D4 + ${d}u]`)};`)}
      }
    }
  }
  if (valid) {
    let base = qIndex(b, i, h);
    ${unroll(D4, (d) => `{ let v = dq[${d}] * s.scale; DQKV[base + ${4 * d}u] = v.x; DQKV[base + ${4 * d + 1}u] = v.y; DQKV[base + ${4 * d + 2}u] = v.z; DQKV[base + ${4 * d + 3}u] = v.w; }`)}
  }
}`;
}

function dkdvShader(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  const stride = D4 + 1; // padded row: a warp reading its own rows hits distinct banks
  return /* wgsl */ `
const D4 = ${D4}u;
const KR = ${t.kvRows}u;
const QT = ${t.qTile}u;
const PAD = ${stride}u;
@group(0) @binding(1) var<storage, read> QKV: array<f32>;
@group(0) @binding(2) var<storage, read> DO: array<f32>;
@group(0) @binding(3) var<storage, read> LSE: array<f32>;
@group(0) @binding(4) var<storage, read> DELTA: array<f32>;
@group(0) @binding(5) var<storage, read_write> DQKV: array<f32>;
${HEADER}
${loadVec4("loadDO", "DO")}
var<workgroup> Kown: array<vec4<f32>, ${t.kvRows * stride}>;
var<workgroup> Vown: array<vec4<f32>, ${t.kvRows * stride}>;
var<workgroup> Qs: array<vec4<f32>, ${t.qTile * D4}>;
var<workgroup> DOs: array<vec4<f32>, ${t.qTile * D4}>;
var<workgroup> lseS: array<f32, ${t.qTile}>;
var<workgroup> deltaS: array<f32, ${t.qTile}>;

${storeVec4("store", "DQKV")}

@compute @workgroup_size(${t.kvRows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let g = wg.y;
  let b = wg.z;
  let group = s.Hq / s.Hkv;
  let k0 = wg.x * KR;
  let key = k0 + lid;
  let valid = key < s.T;
  let own = lid * PAD;
  if (valid) {
    let ki = kIndex(b, key, g);
    let vi = vIndex(b, key, g);
    ${unroll(D4, (d) => `Kown[own + ${d}u] = load4(ki + ${4 * d}u); Vown[own + ${d}u] = load4(vi + ${4 * d}u);`)}
  }
  var dk: array<vec4<f32>, ${D4}>;
  var dv: array<vec4<f32>, ${D4}>;
  for (var r = 0u; r < group; r++) {
    let h = g * group + r;
    for (var q0 = (k0 / QT) * QT; q0 < s.T; q0 += QT) {
      ${stageQueries("KR")}
      if (valid) {
        // One query at a time: taking CHUNK queries per pass read the own K/V rows less often but ran
        // 2x slower on an H100 (register pressure; BENCHMARKS.md).
        for (var ii = 0u; ii < QT; ii++) {
          let i = q0 + ii;
          if (i < key || i >= s.T) { continue; }
          let qr = ii * D4;
          let p = exp(s.scale * (${sum(D4, (d) => `dot(Qs[qr + ${d}u], Kown[own + ${d}u])`)}) - lseS[ii]);
          let ds = p * (${sum(D4, (d) => `dot(DOs[qr + ${d}u], Vown[own + ${d}u])`)} - deltaS[ii]);
          ${unroll(D4, (d) => `dv[${d}] += p * DOs[qr + ${d}u]; dk[${d}] += ds * Qs[qr + ${d}u];`, "\n          ")}
        }
      }
    }
  }
  if (valid) {
    let ki = kIndex(b, key, g);
    let vi = vIndex(b, key, g);
    ${unroll(D4, (d) => `store(ki + ${4 * d}u, dk[${d}] * s.scale); store(vi + ${4 * d}u, dv[${d}]);`)}
  }
}`;
}

export function buildShader(pass: "fwd" | "dq" | "dkdv", D: number, t: AttentionTiles): string {
  if (pass === "fwd") return forwardShader(D, t);
  return pass === "dq" ? dqShader(D, t) : dkdvShader(D, t);
}

export type AttentionVariant = "v1" | "v2";

function pickVariant(dev: EngineDevice, s: AttentionShape, variant?: AttentionVariant): AttentionVariant {
  const v2ok = dev.hasSubgroups && s.D % 8 === 0;
  if (variant === "v2" && !v2ok) throw new Error(`attention v2 needs subgroups and D % 8 == 0 (D=${s.D})`);
  return variant ?? (v2ok ? "v2" : "v1");
}

function pipelineFor(
  dev: EngineDevice,
  variant: AttentionVariant,
  pass: "fwd" | "dq" | "dkdv",
  D: number,
  t: AttentionTiles,
): GPUComputePipeline {
  return variant === "v2"
    ? dev.pipelines.get(shaderKeyV2(pass, D, t), () => buildShaderV2(pass, D, t))
    : dev.pipelines.get(shaderKey(pass, D, t), () => buildShader(pass, D, t));
}

function shapeUniforms(dev: EngineDevice, s: AttentionShape): GPUBuffer {
  return uniforms(dev.gpu, [s.B, s.T, s.Hq, s.Hkv, 1 / Math.sqrt(s.D)], [4]);
}

function tilesFor(dev: EngineDevice, s: AttentionShape): AttentionTiles {
  return chooseTiles(s.D, dev.gpu.limits.maxComputeWorkgroupStorageSize);
}

/** `tiles` overrides the default tile sizes (kernels-bench --sweep). */
export function attentionForward(
  dev: EngineDevice,
  s: AttentionShape,
  a: { qkv: Tensor; o: Tensor; lse: Tensor },
  tiles?: AttentionTiles,
  variant?: AttentionVariant,
): Dispatch {
  validate(s);
  const t = tiles ?? tilesFor(dev, s);
  const pipeline = pipelineFor(dev, pickVariant(dev, s, variant), "fwd", s.D, t);
  return makeDispatch(
    dev,
    "attention_fwd",
    pipeline,
    [shapeUniforms(dev, s), a.qkv, a.o, a.lse],
    [ceilDiv(s.T, t.rows), s.Hq, s.B],
  );
}

/** Writes dq, dk, dv into dqkv (same layout as qkv); delta[B, Hq, T] is scratch. */
export function attentionBackward(
  dev: EngineDevice,
  s: AttentionShape,
  a: { qkv: Tensor; o: Tensor; dO: Tensor; lse: Tensor; delta: Tensor; dqkv: Tensor },
  tiles?: AttentionTiles,
  variant?: AttentionVariant,
): Dispatch[] {
  validate(s);
  const t = tiles ?? tilesFor(dev, s);
  const u = shapeUniforms(dev, s);
  const v = pickVariant(dev, s, variant);
  const dq = pipelineFor(dev, v, "dq", s.D, t);
  const dkdv = pipelineFor(dev, v, "dkdv", s.D, t);
  return [
    makeDispatch(
      dev,
      "attention_bwd_dq",
      dq,
      [u, a.qkv, a.o, a.dO, a.lse, a.delta, a.dqkv],
      [ceilDiv(s.T, t.rows), s.Hq, s.B],
    ),
    makeDispatch(
      dev,
      "attention_bwd_dkdv",
      dkdv,
      [u, a.qkv, a.dO, a.lse, a.delta, a.dqkv],
      [ceilDiv(s.T, t.kvRows), s.Hkv, s.B],
    ),
  ];
}
