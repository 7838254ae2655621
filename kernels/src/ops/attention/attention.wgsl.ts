// WGSL shared by attention v1 (attention.ts) and v2 (attention.v2-lanes.ts): the qkv/o/lse indexing,
// the staging of K/V and Q/dO tiles into workgroup memory, and the unrolling helpers. `threads` is the
// WGSL expression for the workgroup's thread count (v1: one thread per row, v2: two).
import { loadVec4 } from "../../snippets/vec4";

/** Keys are taken CHUNK at a time: one online-softmax rescale per chunk, scores in scalar registers. */
export const CHUNK = 4;

// WGSL loops over the head dim are written out (constant indices), so q, o, dq, dk, dv live in
// registers instead of spilling to local memory as dynamically indexed arrays would.
export function unroll(n: number, line: (i: number) => string, sep = "\n    "): string {
  return Array.from({ length: n }, (_, i) => line(i)).join(sep);
}
export const sum = (n: number, term: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => term(i)).join(" + ");

/** Uniforms and index helpers; needs `D4` and a `QKV` array<f32> declared. */
export const HEADER = /* wgsl */ `
struct Shape { B: u32, T: u32, Hq: u32, Hkv: u32, scale: f32 }
@group(0) @binding(0) var<uniform> s: Shape;
fn qkvWidth() -> u32 { return (s.Hq + 2u * s.Hkv) * D4 * 4u; }
fn qIndex(b: u32, t: u32, h: u32) -> u32 { return (b * s.T + t) * qkvWidth() + h * D4 * 4u; }
fn kIndex(b: u32, t: u32, g: u32) -> u32 { return (b * s.T + t) * qkvWidth() + (s.Hq + g) * D4 * 4u; }
fn vIndex(b: u32, t: u32, g: u32) -> u32 { return (b * s.T + t) * qkvWidth() + (s.Hq + s.Hkv + g) * D4 * 4u; }
fn oIndex(b: u32, t: u32, h: u32) -> u32 { return (b * s.T + t) * s.Hq * D4 * 4u + h * D4 * 4u; }
fn rowIndex(b: u32, h: u32, t: u32) -> u32 { return (b * s.Hq + h) * s.T + t; }
${loadVec4("load4", "QKV")}
`;

/** Forward and dq: the BC keys from k0 of KV head g into Ks/Vs (zeros past T), between barriers. */
export function stageKeysValues(threads: string): string {
  return `
    workgroupBarrier();
    for (var e = lid; e < BC * D4; e += ${threads}) {
      let key = k0 + e / D4;
      let d = e % D4;
      var kv = vec4<f32>(0.0);
      var vv = vec4<f32>(0.0);
      if (key < s.T) { kv = load4(kIndex(b, key, g) + d * 4u); vv = load4(vIndex(b, key, g) + d * 4u); }
      Ks[e] = kv;
      Vs[e] = vv;
    }
    workgroupBarrier();`;
}

/** dk/dv: the QT query rows from q0 of head h into Qs/DOs, their lse and δ into lseS/deltaS. */
export function stageQueries(threads: string): string {
  return `
      workgroupBarrier();
      for (var e = lid; e < QT * D4; e += ${threads}) {
        let row = q0 + e / D4;
        let d = e % D4;
        var qv = vec4<f32>(0.0);
        var dov = vec4<f32>(0.0);
        if (row < s.T) { qv = load4(qIndex(b, row, h) + d * 4u); dov = loadDO(oIndex(b, row, h) + d * 4u); }
        Qs[e] = qv;
        DOs[e] = dov;
      }
      for (var e = lid; e < QT; e += ${threads}) {
        let row = min(q0 + e, s.T - 1u);
        lseS[e] = LSE[rowIndex(b, h, row)];
        deltaS[e] = DELTA[rowIndex(b, h, row)];
      }
      workgroupBarrier();`;
}
