// Rotary position embedding applied in place to the q and k heads of qkv[B, T, (Hq + 2·Hkv)·D], in the
// rotate-half layout (GPT-NeoX / Llama): pairs (x_i, x_{i+D/2}) rotate by θ = t·base^(−2i/D).
// The backward is the inverse rotation of dq and dk (a rotation's transpose), run on dqkv.
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { threadPerElement } from "../../snippets/entry";

export const ROPE_BASE = 10000;
const WG = 256;

export function shaderKey(backward: boolean): string {
  return `rope:${backward ? "bwd" : "fwd"}`;
}

export function buildShader(backward: boolean): string {
  return /* wgsl */ `
struct Shape { n: u32, T: u32, Hq: u32, Hkv: u32, D: u32, base: f32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read_write> X: array<f32>;
${threadPerElement(
  WG,
  `let half = s.D / 2u;
  let rotated = s.Hq + s.Hkv;              // q heads then k heads; v is left alone
  let i = idx % half;
  let head = (idx / half) % rotated;
  let pos = idx / (half * rotated);        // flat (b, t)
  let t = pos % s.T;
  let invFreq = pow(s.base, -2.0 * f32(i) / f32(s.D));
  let angle = f32(t) * invFreq;
  let c = cos(angle);
  let sn = ${backward ? "-sin(angle)" : "sin(angle)"};
  let base = pos * (s.Hq + 2u * s.Hkv) * s.D + head * s.D;
  let x1 = X[base + i];
  let x2 = X[base + i + half];
  X[base + i] = x1 * c - x2 * sn;
  X[base + i + half] = x2 * c + x1 * sn;`,
  { index: "idx" },
)}`;
}

export function rope(
  dev: EngineDevice,
  x: Tensor,
  s: { B: number; T: number; Hq: number; Hkv: number; D: number },
  backward: boolean,
): Dispatch {
  if (s.D % 2 !== 0) throw new Error(`rope: head dim ${s.D} must be even`);
  const n = s.B * s.T * (s.Hq + s.Hkv) * (s.D / 2);
  if (x.length < s.B * s.T * (s.Hq + 2 * s.Hkv) * s.D) throw new Error("rope: qkv tensor too small");
  const pipeline = dev.pipelines.get(shaderKey(backward), () => buildShader(backward));
  const u = uniforms(dev.gpu, [n, s.T, s.Hq, s.Hkv, s.D, ROPE_BASE], [5]);
  return makeDispatch(dev, backward ? "rope_bwd" : "rope_fwd", pipeline, [u, x], grid1d(n, WG));
}
