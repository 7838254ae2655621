// Attention v2: v1's schedule (attention.ts) with each row owned by a PAIR of threads, lane l holding
// the vec4s 2d+l of the head dim (interleaved, so the pair reads adjacent 16-byte words of a staged row:
// no bank conflict). Dot products add the two halves with one subgroupShuffleXor. Half the registers
// per thread (the dk/dv kernel can keep k, v, dk, dv all in registers and stage only Q and dO), and half
// the workgroup-memory reads per FMA. Needs the subgroups feature and D % 8 == 0.
import { type AttentionTiles } from "./attention";
import { CHUNK, HEADER, stageKeysValues, stageQueries, sum, unroll } from "./attention.wgsl";
import { loadVec4, storeVec4 } from "../../snippets/vec4";

export function shaderKeyV2(pass: "fwd" | "dq" | "dkdv", D: number, t: AttentionTiles): string {
  return `attention.v2:${pass}:D=${D}:r${t.rows}:k${t.keys}:kv${t.kvRows}:q${t.qTile}`;
}

// Lanes of a pair always branch together (every condition depends on the row only).
const DIRECTIVES = "enable subgroups;\ndiagnostic(off, subgroup_uniformity);";

const PAIR_SUM = "fn pairSum(x: f32) -> f32 { return x + subgroupShuffleXor(x, 1u); }";

// Lane-owned vec4 d of a row starting at flat index `base` (f32 units) / staged row `row` (vec4 units).
const own = (d: number) => `(${2 * d}u + lane)`;

// K/V tile staging of forward and dq: BC keys x D4 vec4s, loaded by all 2·BR threads.
const STAGE_KV = stageKeysValues("2u * BR");

function forward(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  const H = D4 / 2;
  return /* wgsl */ `${DIRECTIVES}
const D4 = ${D4}u;
const BR = ${t.rows}u;
const BC = ${t.keys}u;
@group(0) @binding(1) var<storage, read> QKV: array<f32>;
@group(0) @binding(2) var<storage, read_write> O: array<f32>;
@group(0) @binding(3) var<storage, read_write> LSE: array<f32>;
${HEADER}
${PAIR_SUM}
var<workgroup> Ks: array<vec4<f32>, ${t.keys * D4}>;
var<workgroup> Vs: array<vec4<f32>, ${t.keys * D4}>;

@compute @workgroup_size(${2 * t.rows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let h = wg.y;
  let b = wg.z;
  let g = h / (s.Hq / s.Hkv);
  let lane = lid % 2u;
  let i = wg.x * BR + lid / 2u;
  let valid = i < s.T;
  var q: array<vec4<f32>, ${H}>;
  var o: array<vec4<f32>, ${H}>;
  if (valid) {
    let qi = qIndex(b, i, h);
    ${unroll(H, (d) => `q[${d}] = load4(qi + ${own(d)} * 4u) * s.scale;`)}
  }
  var m = -1e30;
  var l = 0.0;
  let kvEnd = min(s.T, wg.x * BR + BR);
  for (var k0 = 0u; k0 < kvEnd; k0 += BC) {
    ${STAGE_KV}
    if (valid) {
      for (var j = 0u; j < BC; j += ${CHUNK}u) {
        if (k0 + j > i) { break; }
        ${unroll(CHUNK, (c) => `let s${c} = select(-1e30, pairSum(${sum(H, (d) => `dot(q[${d}], Ks[(j + ${c}u) * D4 + ${own(d)}])`)}), k0 + j + ${c}u <= i);`)}
        let mNew = ${Array.from({ length: CHUNK }, (_, c) => `s${c}`).reduce((acc, x) => `max(${acc}, ${x})`, "m")};
        let alpha = exp(m - mNew);
        ${unroll(CHUNK, (c) => `let p${c} = exp(s${c} - mNew);`)}
        l = l * alpha + ${sum(CHUNK, (c) => `p${c}`)};
        ${unroll(H, (d) => `o[${d}] = o[${d}] * alpha + ${sum(CHUNK, (c) => `p${c} * Vs[(j + ${c}u) * D4 + ${own(d)}]`)};`)}
        m = mNew;
      }
    }
  }
  if (valid) {
    let inv = 1.0 / l;
    let base = oIndex(b, i, h);
    ${unroll(H, (d) => `{ let v = o[${d}] * inv; let at = base + ${own(d)} * 4u; O[at] = v.x; O[at + 1u] = v.y; O[at + 2u] = v.z; O[at + 3u] = v.w; }`)}
    if (lane == 0u) { LSE[rowIndex(b, h, i)] = m + log(l); }
  }
}`;
}

function dq(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  const H = D4 / 2;
  return /* wgsl */ `${DIRECTIVES}
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
${PAIR_SUM}
${loadVec4("loadO", "O")}
${loadVec4("loadDO", "DO")}
var<workgroup> Ks: array<vec4<f32>, ${t.keys * D4}>;
var<workgroup> Vs: array<vec4<f32>, ${t.keys * D4}>;

@compute @workgroup_size(${2 * t.rows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let h = wg.y;
  let b = wg.z;
  let g = h / (s.Hq / s.Hkv);
  let lane = lid % 2u;
  let i = wg.x * BR + lid / 2u;
  let valid = i < s.T;
  var q: array<vec4<f32>, ${H}>;
  var dO: array<vec4<f32>, ${H}>;
  var dq: array<vec4<f32>, ${H}>;
  var delta = 0.0;
  var lse = 0.0;
  if (valid) {
    let qi = qIndex(b, i, h);
    let oi = oIndex(b, i, h);
    var part = 0.0;
    ${unroll(H, (d) => `q[${d}] = load4(qi + ${own(d)} * 4u); dO[${d}] = loadDO(oi + ${own(d)} * 4u); part += dot(dO[${d}], loadO(oi + ${own(d)} * 4u));`)}
    delta = pairSum(part);
    lse = LSE[rowIndex(b, h, i)];
    if (lane == 0u) { DELTA[rowIndex(b, h, i)] = delta; }
  }
  let kvEnd = min(s.T, wg.x * BR + BR);
  for (var k0 = 0u; k0 < kvEnd; k0 += BC) {
    ${STAGE_KV}
    if (valid) {
      for (var j = 0u; j < BC; j += ${CHUNK}u) {
        if (k0 + j > i) { break; }
        ${unroll(CHUNK, (c) => `let p${c} = select(0.0, exp(s.scale * pairSum(${sum(H, (d) => `dot(q[${d}], Ks[(j + ${c}u) * D4 + ${own(d)}])`)}) - lse), k0 + j + ${c}u <= i);`)}
        ${unroll(CHUNK, (c) => `let ds${c} = p${c} * (pairSum(${sum(H, (d) => `dot(dO[${d}], Vs[(j + ${c}u) * D4 + ${own(d)}])`)}) - delta);`)}
        ${unroll(H, (d) => `dq[${d}] += ${sum(CHUNK, (c) => `ds${c} * Ks[(j + ${c}u) * D4 + ${own(d)}]`)};`)}
      }
    }
  }
  if (valid) {
    let base = qIndex(b, i, h);
    ${unroll(H, (d) => `{ let v = dq[${d}] * s.scale; let at = base + ${own(d)} * 4u; DQKV[at] = v.x; DQKV[at + 1u] = v.y; DQKV[at + 2u] = v.z; DQKV[at + 3u] = v.w; }`)}
  }
}`;
}

function dkdv(D: number, t: AttentionTiles): string {
  const D4 = D / 4;
  const H = D4 / 2;
  return /* wgsl */ `${DIRECTIVES}
const D4 = ${D4}u;
const KR = ${t.kvRows}u;
const QT = ${t.qTile}u;
@group(0) @binding(1) var<storage, read> QKV: array<f32>;
@group(0) @binding(2) var<storage, read> DO: array<f32>;
@group(0) @binding(3) var<storage, read> LSE: array<f32>;
@group(0) @binding(4) var<storage, read> DELTA: array<f32>;
@group(0) @binding(5) var<storage, read_write> DQKV: array<f32>;
${HEADER}
${PAIR_SUM}
${loadVec4("loadDO", "DO")}
var<workgroup> Qs: array<vec4<f32>, ${t.qTile * D4}>;
var<workgroup> DOs: array<vec4<f32>, ${t.qTile * D4}>;
var<workgroup> lseS: array<f32, ${t.qTile}>;
var<workgroup> deltaS: array<f32, ${t.qTile}>;

${storeVec4("store", "DQKV")}

@compute @workgroup_size(${2 * t.kvRows})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let g = wg.y;
  let b = wg.z;
  let group = s.Hq / s.Hkv;
  let k0 = wg.x * KR;
  let lane = lid % 2u;
  let key = k0 + lid / 2u;
  let valid = key < s.T;
  var k: array<vec4<f32>, ${H}>;
  var v: array<vec4<f32>, ${H}>;
  var dk: array<vec4<f32>, ${H}>;
  var dv: array<vec4<f32>, ${H}>;
  if (valid) {
    let ki = kIndex(b, key, g);
    let vi = vIndex(b, key, g);
    ${unroll(H, (d) => `k[${d}] = load4(ki + ${own(d)} * 4u); v[${d}] = load4(vi + ${own(d)} * 4u);`)}
  }
  for (var r = 0u; r < group; r++) {
    let h = g * group + r;
    for (var q0 = (k0 / QT) * QT; q0 < s.T; q0 += QT) {
      ${stageQueries("2u * KR")}
      if (valid) {
        for (var ii = 0u; ii < QT; ii++) {
          let i = q0 + ii;
          if (i < key || i >= s.T) { continue; }
          let qr = ii * D4;
          let p = exp(s.scale * pairSum(${sum(H, (d) => `dot(Qs[qr + ${own(d)}], k[${d}])`)}) - lseS[ii]);
          let ds = p * (pairSum(${sum(H, (d) => `dot(DOs[qr + ${own(d)}], v[${d}])`)}) - deltaS[ii]);
          ${unroll(H, (d) => `dv[${d}] += p * DOs[qr + ${own(d)}]; dk[${d}] += ds * Qs[qr + ${own(d)}];`, "\n          ")}
        }
      }
    }
  }
  if (valid) {
    let ki = kIndex(b, key, g);
    let vi = vIndex(b, key, g);
    ${unroll(H, (d) => `store(ki + ${own(d)} * 4u, dk[${d}] * s.scale); store(vi + ${own(d)} * 4u, dv[${d}]);`)}
  }
}`;
}

export function buildShaderV2(pass: "fwd" | "dq" | "dkdv", D: number, t: AttentionTiles): string {
  if (pass === "fwd") return forward(D, t);
  return pass === "dq" ? dq(D, t) : dkdv(D, t);
}
