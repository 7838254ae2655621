// Builds a trainable network from an architecture artifact: a pre-norm residual stack where every layer
// is x ← x + layer(norm(x)), then a final norm and the (tied or separate) head, trained on next-token
// cross-entropy. All buffers and launches are created here once; a training step only rewrites the batch
// and the optimizer's step constants, then encodes the prepared launches into one command encoder.
//
// With positional: learned, layernorm, gelu MLPs with bias, attention with bias and tied embeddings this
// is exactly the PyTorch peer (shared/bench/torch_gpt.py).
import { type TArchitecture } from "@forge/spec";
import { type EngineDevice } from "../runtime/device";
import { slice, type Tensor } from "../runtime/buffers";
import { type Dispatch } from "../runtime/dispatch";
import { matmul } from "../ops/matmul/matmul";
import { colsum, partialLength } from "../ops/colsum/colsum";
import { normForward, normBackward, type NormTensors } from "../ops/norm/norm";
import {
  embeddingForward,
  embeddingBackward,
  bucketTokens,
  type BucketTensors,
} from "../ops/embedding/embedding";
import { attentionForward, attentionBackward, type AttentionShape } from "../ops/attention/attention";
import { rope } from "../ops/attention/rope";
import { gelu } from "../ops/gelu/gelu";
import { swiglu, swigluBackward } from "../ops/swiglu/swiglu";
import { crossEntropy } from "../ops/crossentropy/crossentropy";
import { zeroFill } from "../ops/fill/fill";
import { layoutParameters, initParameters, type ParamLayout, type ParamSpec } from "./parameters";
import { checkArchitecture } from "./support";

export type Network = {
  arch: TArchitecture;
  batch: number;
  seqLen: number;
  layout: ParamLayout;
  params: Tensor;
  grads: Tensor;
  /** Embedding through logits. */
  forward: Dispatch[];
  /** Cross-entropy that also overwrites the logits with their gradient. */
  trainLoss: Dispatch[];
  /** Cross-entropy only (evaluation). */
  evalLoss: Dispatch[];
  /** Gradients of every parameter into `grads` (each written once per step, nothing to zero). */
  backward: Dispatch[];
  /** The mean loss of the last forward, one float. */
  loss: Tensor;
  /** The loss at each of the batch·seqLen positions of the last forward. */
  tokenLosses: Tensor;
  /** Uploads a batch: inputs and targets are batch·seqLen token ids each. */
  setBatch(inputs: Uint32Array, targets: Uint32Array): void;
  setParameters(values: Float32Array): void;
  /** Returns every buffer the network holds to the pool. */
  release(): void;
};

export function buildModel(
  arch: TArchitecture,
  dev: EngineDevice,
  opts: { seed: number; batch?: number; seqLen?: number },
): Network {
  const B = opts.batch ?? 1;
  const T = opts.seqLen ?? arch.max_seq;
  checkArchitecture(arch, { batch: B, seqLen: T, limits: dev.gpu.limits });
  const C = arch.d_model;
  const V = arch.vocab;
  const M = B * T;
  const L = arch.layers.length;
  const ln = arch.norm === "layernorm";
  // Every tensor the network allocates, so release() can hand them all back.
  const held: Tensor[] = [];
  const pool = {
    tensor(length: number): Tensor {
      const t = dev.pool.tensor(length);
      held.push(t);
      return t;
    },
    upload(data: Float32Array): Tensor {
      const t = dev.pool.upload(data);
      held.push(t);
      return t;
    },
  };

  // ---- parameters ----
  const outStd = 0.02 / Math.sqrt(2 * L); // GPT-2: residual projections scaled by depth
  const specs: ParamSpec[] = [{ name: "wte", shape: [V, C], init: { kind: "normal", std: 0.02 } }];
  if (arch.positional === "learned")
    specs.push({ name: "wpe", shape: [arch.max_seq, C], init: { kind: "normal", std: 0.01 } });
  const normSpecs = (prefix: string): ParamSpec[] => [
    { name: `${prefix}.norm.w`, shape: [C], init: { kind: "ones" } },
    ...(ln ? [{ name: `${prefix}.norm.b`, shape: [C], init: { kind: "zeros" } } as ParamSpec] : []),
  ];
  const linearSpecs = (name: string, out: number, inp: number, bias: boolean, std: number): ParamSpec[] => [
    { name: `${name}.w`, shape: [out, inp], init: { kind: "normal", std } },
    ...(bias ? [{ name: `${name}.b`, shape: [out], init: { kind: "zeros" } } as ParamSpec] : []),
  ];
  arch.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    specs.push(...normSpecs(p));
    if (layer.type === "attention") {
      const D = C / layer.heads;
      specs.push(...linearSpecs(`${p}.qkv`, (layer.heads + 2 * layer.kv_heads) * D, C, layer.bias, 0.02));
      specs.push(...linearSpecs(`${p}.proj`, C, layer.heads * D, layer.bias, outStd));
    } else if (layer.type === "mlp") {
      const fcOut = layer.act === "swiglu" ? 2 * layer.d_ff : layer.d_ff;
      specs.push(...linearSpecs(`${p}.fc`, fcOut, C, layer.bias, 0.02));
      specs.push(...linearSpecs(`${p}.fc2`, C, layer.d_ff, layer.bias, outStd));
    }
  });
  specs.push(...normSpecs("final"));
  if (!arch.tie_embeddings) specs.push({ name: "head", shape: [V, C], init: { kind: "normal", std: 0.02 } });
  const layout = layoutParameters(specs);
  const params = pool.upload(initParameters(layout, opts.seed));
  const grads = pool.tensor(layout.total);
  const param = (name: string): Tensor => {
    const e = layout.byName.get(name);
    if (!e) throw new Error(`no parameter ${name}`);
    return slice(params, e.offset, e.length);
  };
  const grad = (name: string): Tensor => {
    const e = layout.byName.get(name);
    if (!e) throw new Error(`no parameter ${name}`);
    return slice(grads, e.offset, e.length);
  };
  const maybe = (name: string, of: (n: string) => Tensor): Tensor | undefined =>
    layout.byName.has(name) ? of(name) : undefined;

  // ---- batch inputs ----
  const tokens = pool.tensor(M);
  const targets = pool.tensor(M);
  const buckets: BucketTensors = {
    count: pool.tensor(1),
    unique: pool.tensor(M),
    starts: pool.tensor(M + 1),
    positions: pool.tensor(M),
  };

  // ---- activations (kept for the backward) and backward scratch ----
  const residual: Tensor[] = [pool.tensor(M * C)];
  const newNorm = (x: Tensor, prefix: string): NormTensors => ({
    x,
    w: param(`${prefix}.norm.w`),
    b: maybe(`${prefix}.norm.b`, param),
    y: pool.tensor(M * C),
    mean: pool.tensor(M),
    rstd: pool.tensor(M),
  });
  let widest = C;
  for (const layer of arch.layers) {
    if (layer.type === "attention")
      widest = Math.max(widest, (layer.heads + 2 * layer.kv_heads) * (C / layer.heads));
    if (layer.type === "mlp") widest = Math.max(widest, layer.act === "swiglu" ? 2 * layer.d_ff : layer.d_ff);
  }
  const dres = pool.tensor(M * C);
  const dh = pool.tensor(M * C);
  const dwide = pool.tensor(M * widest);
  const dmid = pool.tensor(M * widest);
  const partial = pool.tensor(partialLength(M, Math.max(widest, V)));
  const partialB = pool.tensor(partialLength(M, C));
  const delta = pool.tensor(M * Math.max(...arch.layers.map((l) => (l.type === "attention" ? l.heads : 1))));

  const forward: Dispatch[] = [
    embeddingForward(dev, {
      tokens,
      wte: param("wte"),
      wpe: maybe("wpe", param),
      x: residual[0]!,
      M,
      C,
      T,
      vocab: V,
    }),
  ];
  const backwardLayers: Dispatch[][] = [];
  const linear = (
    x: Tensor,
    name: string,
    out: Tensor,
    N: number,
    K: number,
    residualT?: Tensor,
  ): Dispatch[] => {
    const biasT = maybe(`${name}.b`, param);
    return matmul(
      dev,
      {
        transA: false,
        transB: true,
        bias: biasT !== undefined,
        accumulate: false,
        residual: residualT !== undefined,
        a: x,
        b: param(`${name}.w`),
        biasT,
        residualT,
        c: out,
        M,
        N,
        K,
      },
      `matmul_${name.split(".").pop()}`,
    );
  };
  // Backward of out = x·Wᵀ + b given dOut: dW, db, and dx (written, not added).
  const linearBackward = (
    x: Tensor,
    name: string,
    dOut: Tensor,
    dx: Tensor,
    N: number,
    K: number,
  ): Dispatch[] => {
    const kernel = `matmul_${name.split(".").pop()}`;
    const out = [
      ...matmul(
        dev,
        {
          transA: true,
          transB: false,
          bias: false,
          accumulate: false,
          a: dOut,
          b: x,
          c: grad(`${name}.w`),
          M: N,
          N: K,
          K: M,
        },
        `${kernel}_dW`,
      ),
      ...matmul(
        dev,
        {
          transA: false,
          transB: false,
          bias: false,
          accumulate: false,
          a: dOut,
          b: param(`${name}.w`),
          c: dx,
          M,
          N: K,
          K: N,
        },
        `${kernel}_dx`,
      ),
    ];
    const db = maybe(`${name}.b`, grad);
    if (db) out.push(...colsum(dev, dOut, db, partial, M, N, false, `${kernel}_db`));
    return out;
  };
  const normGrads = (prefix: string, dy: Tensor, dx: Tensor, accumulate: boolean) => ({
    dy,
    dx,
    accumulate,
    dw: grad(`${prefix}.norm.w`),
    db: maybe(`${prefix}.norm.b`, grad),
    partialW: partial,
    partialB: ln ? partialB : undefined,
  });

  arch.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    const x = residual[i]!;
    const next = pool.tensor(M * C);
    residual.push(next);
    const norm = newNorm(x, p);
    forward.push(normForward(dev, arch.norm, norm, M, C));
    const bwd: Dispatch[] = [];
    if (layer.type === "attention") {
      const s: AttentionShape = { B, T, Hq: layer.heads, Hkv: layer.kv_heads, D: C / layer.heads };
      const W = (s.Hq + 2 * s.Hkv) * s.D;
      const qkv = pool.tensor(M * W);
      const o = pool.tensor(M * s.Hq * s.D);
      const lse = pool.tensor(B * s.Hq * T);
      forward.push(...linear(norm.y, `${p}.qkv`, qkv, W, C));
      if (layer.rope) forward.push(rope(dev, qkv, s, false));
      forward.push(attentionForward(dev, s, { qkv, o, lse }));
      forward.push(...linear(o, `${p}.proj`, next, C, s.Hq * s.D, x));
      const dO = slice(dmid, 0, M * s.Hq * s.D);
      const dqkv = slice(dwide, 0, M * W);
      bwd.push(...linearBackward(o, `${p}.proj`, dres, dO, C, s.Hq * s.D));
      bwd.push(...attentionBackward(dev, s, { qkv, o, dO, lse, delta, dqkv }));
      if (layer.rope) bwd.push(rope(dev, dqkv, s, true));
      bwd.push(...linearBackward(norm.y, `${p}.qkv`, dqkv, dh, W, C));
    } else if (layer.type === "mlp") {
      const F = layer.d_ff;
      const fcOut = layer.act === "swiglu" ? 2 * F : F;
      const fc = pool.tensor(M * fcOut);
      const act = pool.tensor(M * F);
      forward.push(...linear(norm.y, `${p}.fc`, fc, fcOut, C));
      forward.push(layer.act === "swiglu" ? swiglu(dev, fc, act, M, F) : gelu(dev, fc, act, M * F));
      forward.push(...linear(act, `${p}.fc2`, next, C, F, x));
      const dact = slice(dmid, 0, M * F);
      const dfc = slice(dwide, 0, M * fcOut);
      bwd.push(...linearBackward(act, `${p}.fc2`, dres, dact, C, F));
      bwd.push(
        layer.act === "swiglu" ? swigluBackward(dev, fc, dact, dfc, M, F) : gelu(dev, fc, dfc, M * F, dact),
      );
      bwd.push(...linearBackward(norm.y, `${p}.fc`, dfc, dh, fcOut, C));
    }
    // The residual branch: dx += normᵀ(dh), on top of the gradient flowing straight through.
    bwd.push(...normBackward(dev, arch.norm, norm, normGrads(p, dh, dres, true), M, C));
    backwardLayers.push(bwd);
  });

  // ---- head ----
  const finalNorm = newNorm(residual[L]!, "final");
  const logits = pool.tensor(M * V);
  const losses = pool.tensor(M);
  const loss = pool.tensor(1);
  const headW = arch.tie_embeddings ? param("wte") : param("head");
  const headGrad = arch.tie_embeddings ? grad("wte") : grad("head");
  forward.push(normForward(dev, arch.norm, finalNorm, M, C));
  forward.push(
    ...matmul(
      dev,
      {
        transA: false,
        transB: true,
        bias: false,
        accumulate: false,
        a: finalNorm.y,
        b: headW,
        c: logits,
        M,
        N: V,
        K: C,
      },
      "matmul_head",
    ),
  );
  const ce = (writeGrad: boolean) =>
    crossEntropy(dev, { logits, targets, losses, meanOut: loss, M, V, writeGrad });

  const backward: Dispatch[] = [
    ...matmul(
      dev,
      {
        transA: true,
        transB: false,
        bias: false,
        accumulate: false,
        a: logits,
        b: finalNorm.y,
        c: headGrad,
        M: V,
        N: C,
        K: M,
      },
      "matmul_head_dW",
    ),
    ...matmul(
      dev,
      {
        transA: false,
        transB: false,
        bias: false,
        accumulate: false,
        a: logits,
        b: headW,
        c: dh,
        M,
        N: C,
        K: V,
      },
      "matmul_head_dx",
    ),
    ...normBackward(dev, arch.norm, finalNorm, normGrads("final", dh, dres, false), M, C),
  ];
  for (let i = L - 1; i >= 0; i--) backward.push(...backwardLayers[i]!);
  if (!arch.tie_embeddings) backward.push(zeroFill(dev, grad("wte")));
  backward.push(
    ...embeddingBackward(dev, {
      buckets,
      dx: dres,
      dwte: grad("wte"),
      accumulate: true,
      dwpe: maybe("wpe", grad),
      M,
      C,
      T,
      vocab: V,
    }),
  );

  return {
    arch,
    batch: B,
    seqLen: T,
    layout,
    params,
    grads,
    forward,
    trainLoss: ce(true),
    evalLoss: ce(false),
    backward,
    loss,
    tokenLosses: losses,
    setBatch(inputs: Uint32Array, targetIds: Uint32Array) {
      if (inputs.length !== M || targetIds.length !== M)
        throw new Error(`setBatch: expected ${M} tokens, got ${inputs.length}/${targetIds.length}`);
      const q = dev.gpu.queue;
      const b = bucketTokens(inputs, V);
      q.writeBuffer(tokens.buffer, 0, inputs);
      q.writeBuffer(targets.buffer, 0, targetIds);
      q.writeBuffer(buckets.count.buffer, 0, new Uint32Array([b.count]));
      q.writeBuffer(buckets.unique.buffer, 0, b.unique);
      q.writeBuffer(buckets.starts.buffer, 0, b.starts);
      q.writeBuffer(buckets.positions.buffer, 0, b.positions);
    },
    setParameters(values: Float32Array) {
      if (values.length !== layout.total)
        throw new Error(`setParameters: expected ${layout.total} values, got ${values.length}`);
      dev.gpu.queue.writeBuffer(params.buffer, params.offset * 4, values);
    },
    release() {
      for (const t of held) dev.pool.release(t);
      held.length = 0;
    },
  };
}
