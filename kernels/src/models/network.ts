// Builds a trainable network from an architecture artifact: a pre-norm residual stack where every layer
// is x ← x + layer(norm(x)), then a final norm and the (tied or separate) head, trained on next-token
// cross-entropy. All buffers and launches are created here once; a training step only rewrites the batch
// and the optimizer's step constants, then encodes the prepared launches into one command encoder.
// Each layer type (attention, mlp, …) is a file under layers/ listed in layers/registry.ts; this file
// holds what every network has: the embedding, the norms and residual stream, the head and the loss.
//
// With positional: learned, layernorm, gelu MLPs with bias, attention with bias and tied embeddings this
// is exactly the PyTorch peer (shared/bench/torch_gpt.py).
import { type TArchitecture } from "@forge/spec";
import { type EngineDevice } from "../runtime/device";
import { slice, type Tensor } from "../runtime/buffers";
import { type Dispatch } from "../runtime/dispatch";
import { partialLength } from "../ops/colsum/colsum";
import { normForward, normBackward, type NormTensors } from "../ops/norm/norm";
import {
  embeddingForward,
  embeddingBackward,
  bucketTokens,
  type BucketTensors,
} from "../ops/embedding/embedding";
import { crossEntropy } from "../ops/crossentropy/crossentropy";
import { zeroFill } from "../ops/fill/fill";
import { layoutParameters, initParameters, type ParamLayout, type ParamSpec } from "./parameters";
import { checkArchitecture } from "./support";
import { INIT_STD } from "./layers/layer";
import { linear, type Linear } from "./layers/linear";
import { layerType } from "./layers/registry";

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
  const ln = arch.norm === "layernorm";
  const layers = arch.layers.map((layer, i) => {
    const type = layerType(layer.type, `architecture.layers[${i}]`);
    return { layer, type, prefix: `layers.${i}`, scratch: type.scratch(layer, arch) };
  });
  // Every tensor the network allocates, so release() can hand them all back.
  const held: Tensor[] = [];
  const tensor = (length: number): Tensor => {
    const t = dev.pool.tensor(length);
    held.push(t);
    return t;
  };

  // ---- parameters: embedding, then per layer its norm and its own, then the final norm and head ----
  const specs: ParamSpec[] = [{ name: "wte", shape: [V, C], init: { kind: "normal", std: INIT_STD } }];
  if (arch.positional === "learned")
    specs.push({ name: "wpe", shape: [arch.max_seq, C], init: { kind: "normal", std: 0.01 } });
  const normSpecs = (prefix: string): ParamSpec[] => [
    { name: `${prefix}.norm.w`, shape: [C], init: { kind: "ones" } },
    ...(ln ? [{ name: `${prefix}.norm.b`, shape: [C], init: { kind: "zeros" } } satisfies ParamSpec] : []),
  ];
  for (const { layer, type, prefix } of layers) {
    specs.push(...normSpecs(prefix));
    for (const spec of type.params(layer, arch)) specs.push({ ...spec, name: `${prefix}.${spec.name}` });
  }
  specs.push(...normSpecs("final"));
  if (!arch.tie_embeddings)
    specs.push({ name: "head", shape: [V, C], init: { kind: "normal", std: INIT_STD } });
  const layout = layoutParameters(specs);
  const params = dev.pool.upload(initParameters(layout, opts.seed));
  held.push(params);
  const grads = tensor(layout.total);
  const entry = (name: string) => {
    const e = layout.byName.get(name);
    if (!e) throw new Error(`no parameter ${name}`);
    return e;
  };
  const param = (name: string): Tensor => slice(params, entry(name).offset, entry(name).length);
  const grad = (name: string): Tensor => slice(grads, entry(name).offset, entry(name).length);
  const maybe = (name: string, of: (n: string) => Tensor): Tensor | undefined =>
    layout.byName.has(name) ? of(name) : undefined;

  // ---- batch inputs and the embedding's output ----
  const tokens = tensor(M);
  const targets = tensor(M);
  const buckets: BucketTensors = {
    count: tensor(1),
    unique: tensor(M),
    starts: tensor(M + 1),
    positions: tensor(M),
  };
  let x = tensor(M * C);

  // ---- backward scratch: the residual stream's gradient, the gradient into a norm, the layers' own ----
  const widest = Math.max(C, ...layers.flatMap((l) => l.scratch));
  const dres = tensor(M * C);
  const dh = tensor(M * C);
  const partial = tensor(partialLength(M, Math.max(widest, V)));
  const partialB = tensor(partialLength(M, C));
  // Layer i's j-th scratch tensor is the front of slot j, sized for the widest layer.
  const slots = Array.from({ length: Math.max(...layers.map((l) => l.scratch.length)) }, (_, j) =>
    tensor(M * Math.max(...layers.map((l) => l.scratch[j] ?? 0))),
  );
  const scratchOf = (widths: number[]): Tensor[] =>
    widths.map((width, j) => {
      const slot = slots[j];
      if (!slot) throw new Error(`no scratch slot ${j}`);
      return slice(slot, 0, M * width);
    });
  const linearNamed = (name: string): Linear => {
    const [out, inp] = entry(`${name}.w`).shape;
    if (out === undefined || inp === undefined) throw new Error(`${name}.w is not a matrix`);
    const weights = { w: param(`${name}.w`), dw: grad(`${name}.w`), out, in: inp };
    const bias = { b: maybe(`${name}.b`, param), db: maybe(`${name}.b`, grad) };
    return linear(dev, { kernel: `matmul_${name.split(".").pop()}`, ...weights, ...bias }, M, partial);
  };

  // ---- embedding, then x ← x + layer(norm(x)) per layer ----
  const norm = (x: Tensor, prefix: string): NormTensors => ({
    x,
    w: param(`${prefix}.norm.w`),
    b: maybe(`${prefix}.norm.b`, param),
    y: tensor(M * C),
    mean: tensor(M),
    rstd: tensor(M),
  });
  const normGrads = (prefix: string, dy: Tensor, dx: Tensor, accumulate: boolean) => ({
    dy,
    dx,
    accumulate,
    dw: grad(`${prefix}.norm.w`),
    db: maybe(`${prefix}.norm.b`, grad),
    partialW: partial,
    partialB: ln ? partialB : undefined,
  });
  const forward: Dispatch[] = [
    embeddingForward(dev, { tokens, wte: param("wte"), wpe: maybe("wpe", param), x, M, C, T, vocab: V }),
  ];
  const layerBackwards: Dispatch[][] = [];
  for (const { layer, type, prefix, scratch } of layers) {
    const out = tensor(M * C);
    const n = norm(x, prefix);
    const built = type.build(layer, {
      dev,
      arch,
      B,
      T,
      M,
      C,
      input: n.y,
      residual: x,
      out,
      dOut: dres,
      dInput: dh,
      scratch: scratchOf(scratch),
      tensor,
      param: (name) => param(`${prefix}.${name}`),
      grad: (name) => grad(`${prefix}.${name}`),
      linear: (name) => linearNamed(`${prefix}.${name}`),
    });
    forward.push(normForward(dev, arch.norm, n, M, C), ...built.forward);
    // The residual branch: dx += normᵀ(dInput), on top of the gradient flowing straight through.
    layerBackwards.push([
      ...built.backward,
      ...normBackward(dev, arch.norm, n, normGrads(prefix, dh, dres, true), M, C),
    ]);
    x = out;
  }

  // ---- final norm, head (tied to wte or its own), cross-entropy ----
  const finalNorm = norm(x, "final");
  const logits = tensor(M * V);
  const losses = tensor(M);
  const loss = tensor(1);
  const headName = arch.tie_embeddings ? "wte" : "head";
  const head = linear(
    dev,
    { kernel: "matmul_head", w: param(headName), dw: grad(headName), out: V, in: C },
    M,
    partial,
  );
  forward.push(normForward(dev, arch.norm, finalNorm, M, C), ...head.forward(finalNorm.y, logits));
  const ce = (writeGrad: boolean) =>
    crossEntropy(dev, { logits, targets, losses, meanOut: loss, M, V, writeGrad });

  // The head writes wte's gradient (tied) and the embedding's scatter adds to it; untied, wte's gradient
  // starts from zero because the scatter only touches the rows of tokens in the batch.
  const backward: Dispatch[] = [
    ...head.backward(finalNorm.y, logits, dh),
    ...normBackward(dev, arch.norm, finalNorm, normGrads("final", dh, dres, false), M, C),
    ...layerBackwards.reverse().flat(),
  ];
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
