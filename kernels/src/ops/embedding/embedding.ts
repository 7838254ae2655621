// Token (+ learned position) embedding, forward and backward.
//   forward:  x[b,t,:] = wte[tok[b,t],:] (+ wpe[t,:])
//   backward: dwte[v,:] (+)= Σ_{(b,t): tok=v} dx[b,t,:],  dwpe[t,:] = Σ_b dx[b,t,:]
// The token scatter is deterministic without float atomics (llm.c's encoder_backward idea): the host
// groups batch positions by token (bucketTokens, a counting sort done once per batch) and each workgroup
// sums one token's positions in a fixed order.
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { threadPerElement, workgroupPerRow } from "../../snippets/entry";

const WG = 256;

/** Positions grouped by token: tokens in [starts[u], starts[u+1]) of `positions` share unique[u]. */
export type TokenBuckets = {
  count: number;
  unique: Uint32Array;
  starts: Uint32Array;
  positions: Uint32Array;
};

export function bucketTokens(tokens: Uint32Array, vocab: number): TokenBuckets {
  const counts = new Uint32Array(vocab);
  for (const t of tokens) counts[t]!++;
  const unique: number[] = [];
  const offsetOf = new Uint32Array(vocab);
  const starts = new Uint32Array(tokens.length + 1);
  let offset = 0;
  for (let v = 0; v < vocab; v++) {
    if (counts[v] === 0) continue;
    starts[unique.length] = offset;
    offsetOf[v] = offset;
    unique.push(v);
    offset += counts[v]!;
  }
  starts[unique.length] = offset;
  const positions = new Uint32Array(tokens.length);
  tokens.forEach((t, i) => (positions[offsetOf[t]!++] = i));
  const uniqueArr = new Uint32Array(tokens.length);
  uniqueArr.set(unique);
  return { count: unique.length, unique: uniqueArr, starts, positions };
}

export function validate(M: number, C: number, vocab: number, T: number, wte: Tensor, wpe?: Tensor): void {
  if (wte.length < vocab * C) throw new Error(`embedding: wte holds ${wte.length} < vocab*C=${vocab * C}`);
  if (wpe && wpe.length < T * C) throw new Error(`embedding: wpe holds ${wpe.length} < T*C=${T * C}`);
  if (M % T !== 0) throw new Error(`embedding: ${M} positions are not whole sequences of ${T}`);
}

export function shaderKey(pass: "fwd" | "dwte" | "dwpe", flag: boolean): string {
  return `embedding:${pass}:${+flag}`;
}

export function buildShader(pass: "fwd" | "dwte" | "dwpe", flag: boolean): string {
  if (pass === "fwd") {
    const withPositions = flag;
    return /* wgsl */ `
struct Shape { n: u32, C: u32, T: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> TOK: array<u32>;
@group(0) @binding(2) var<storage, read> WTE: array<f32>;
@group(0) @binding(3) var<storage, read_write> X: array<f32>;
${withPositions ? "@group(0) @binding(4) var<storage, read> WPE: array<f32>;" : ""}
${threadPerElement(
  WG,
  `let pos = i / s.C;
  let c = i % s.C;
  X[i] = WTE[TOK[pos] * s.C + c]${withPositions ? " + WPE[(pos % s.T) * s.C + c]" : ""};`,
)}`;
  }
  if (pass === "dwte") {
    const accumulate = flag;
    return /* wgsl */ `
struct Shape { C: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> COUNT: array<u32>;
@group(0) @binding(2) var<storage, read> UNIQUE: array<u32>;
@group(0) @binding(3) var<storage, read> STARTS: array<u32>;
@group(0) @binding(4) var<storage, read> POSITIONS: array<u32>;
@group(0) @binding(5) var<storage, read> DX: array<f32>;
@group(0) @binding(6) var<storage, read_write> DWTE: array<f32>;
${workgroupPerRow(
  WG,
  `let row = UNIQUE[u] * s.C;
  for (var c = lid; c < s.C; c += ${WG}u) {
    var sum = 0.0;
    for (var j = STARTS[u]; j < STARTS[u + 1u]; j++) { sum += DX[POSITIONS[j] * s.C + c]; }
    DWTE[row + c] = ${accumulate ? "DWTE[row + c] + sum" : "sum"};
  }`,
  { row: "u", count: "COUNT[0]" },
)}`;
  }
  return /* wgsl */ `
struct Shape { n: u32, C: u32, T: u32, B: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> DX: array<f32>;
@group(0) @binding(2) var<storage, read_write> DWPE: array<f32>;
${threadPerElement(
  WG,
  `var sum = 0.0;
  for (var b = 0u; b < s.B; b++) { sum += DX[b * s.T * s.C + i]; }
  DWPE[i] = sum;`,
)}`;
}

export function embeddingForward(
  dev: EngineDevice,
  a: { tokens: Tensor; wte: Tensor; wpe?: Tensor; x: Tensor; M: number; C: number; T: number; vocab: number },
): Dispatch {
  validate(a.M, a.C, a.vocab, a.T, a.wte, a.wpe);
  const withPositions = a.wpe !== undefined;
  const pipeline = dev.pipelines.get(shaderKey("fwd", withPositions), () =>
    buildShader("fwd", withPositions),
  );
  const bindings = [uniforms(dev.gpu, [a.M * a.C, a.C, a.T]), a.tokens, a.wte, a.x];
  if (a.wpe) bindings.push(a.wpe);
  return makeDispatch(dev, "embedding_fwd", pipeline, bindings, grid1d(a.M * a.C, WG));
}

/** Device copies of a batch's TokenBuckets (count, unique, starts, positions), rewritten each step. */
export type BucketTensors = { count: Tensor; unique: Tensor; starts: Tensor; positions: Tensor };

export function embeddingBackward(
  dev: EngineDevice,
  a: {
    buckets: BucketTensors;
    dx: Tensor;
    dwte: Tensor;
    accumulate: boolean;
    dwpe?: Tensor;
    M: number;
    C: number;
    T: number;
    vocab: number;
  },
): Dispatch[] {
  validate(a.M, a.C, a.vocab, a.T, a.dwte, a.dwpe);
  const maxUnique = Math.min(a.M, a.vocab);
  const dwte = dev.pipelines.get(shaderKey("dwte", a.accumulate), () => buildShader("dwte", a.accumulate));
  const b = a.buckets;
  const out = [
    makeDispatch(
      dev,
      "embedding_bwd",
      dwte,
      [uniforms(dev.gpu, [a.C]), b.count, b.unique, b.starts, b.positions, a.dx, a.dwte],
      grid1d(maxUnique * WG, WG),
    ),
  ];
  if (a.dwpe) {
    const dwpe = dev.pipelines.get(shaderKey("dwpe", false), () => buildShader("dwpe", false));
    const n = a.T * a.C;
    out.push(
      makeDispatch(
        dev,
        "embedding_bwd",
        dwpe,
        [uniforms(dev.gpu, [n, a.C, a.T, a.M / a.T]), a.dx, a.dwpe],
        grid1d(n, WG),
      ),
    );
  }
  return out;
}
