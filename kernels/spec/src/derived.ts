/**
 * Figures computed from an architecture without running it: parameters, FLOPs per token, memory.
 *
 * Conventions (what the engine builds from an architecture, see kernels/src/models):
 * - Every layer has its own pre-norm; one final norm precedes the head. LayerNorm has weight and bias (2 * d),
 *   RMSNorm a weight (d).
 * - attention: q and output projections d x d, k and v projections d x (kv_heads * head_dim), head_dim = d / heads;
 *   with `bias`, every projection has a bias.
 * - mlp: gelu is fc (d x d_ff) then fc2 (d_ff x d); swiglu has gate and up (d x d_ff each) then down (d_ff x d).
 *   With `bias`, every projection has a bias.
 * - mamba2 follows the reference Mamba-2 block with one B/C group and a width-4 causal conv: in_proj
 *   d x (2 * inner + 2 * d_state + nheads) with inner = expand * d and nheads = inner / head_dim, a depthwise conv
 *   over x, B and C with bias, dt_bias, A_log and D per head, a gated RMSNorm over inner, out_proj inner x d.
 * - moe: a router d x experts without bias, then `experts` bias-free MLPs of width d_ff.
 * - embedding vocab x d; learned positions max_seq x d; the head vocab x d unless tied, never a bias.
 */
import type { TArchitecture, TLayer } from "./architecture";

/** Width of the Mamba-2 causal depthwise convolution, fixed by the engine. */
export const MAMBA2_CONV_WIDTH = 4;
/** Mamba-2 B/C groups (all heads share one B and one C), fixed by the engine. */
export const MAMBA2_GROUPS = 1;

/** Bytes of one fp32 value: the engine keeps weights, gradients, optimizer state and activations in fp32. */
const FP32_BYTES = 4;
/** fp32 weights + fp32 gradients + AdamW's two fp32 moments. */
const TRAINING_STATE_BYTES_PER_PARAMETER = 16;

/** Context lengths reported when the caller names none (the DESIGN.md inference profile). */
export const DEFAULT_CONTEXTS: readonly number[] = [256, 1024, 4096];

type TShape = Pick<
  TArchitecture,
  "vocab" | "d_model" | "norm" | "tie_embeddings" | "positional" | "max_seq" | "layers"
>;

export interface TParameterCount {
  total: number;
  /** Parameters one token passes through: an MoE layer counts only top_k of its experts. */
  active: number;
  embedding: number;
  positional: number;
  /** Every layer's pre-norm plus the final norm. */
  norms: number;
  /** 0 when tied to the embedding. */
  head: number;
  /** Per layer entry, excluding its pre-norm (counted in `norms`). */
  layers: number[];
}

export interface TFlopsPerToken {
  context: number;
  /** Forward FLOPs of one token: 2 per weight multiply-add, plus attention and SSD scan terms at this context. */
  forward: number;
  /** Forward + backward, by convention 3 x forward. */
  training: number;
  /** The part of `forward` that grows with context: 4 * context * heads * head_dim per attention layer. */
  attention: number;
}

export interface TMemoryAtContext {
  context: number;
  /** Activations saved for backward when training one sequence of this length (batch 1, fp32), see activationBytes. */
  activationBytes: number;
  /** activationBytes / context. */
  activationBytesPerToken: number;
  /** K and V of every attention layer for this many tokens. */
  kvCacheBytes: number;
  /** Recurrent state (SSM state + conv state) of every mamba2 layer; independent of context. */
  ssmStateBytes: number;
}

export interface TDerivedArchitecture {
  parameters: TParameterCount;
  flops: TFlopsPerToken[];
  memory: TMemoryAtContext[];
  /** fp32 weights, gradients and AdamW moments: 16 bytes per parameter. */
  trainingStateBytes: number;
}

export interface TDeriveOptions {
  /** Context lengths to report FLOPs and memory at; defaults to DEFAULT_CONTEXTS. */
  contexts?: readonly number[];
  /** Bytes per cached K/V and SSM state element; defaults to 4 (fp32, what the engine stores). */
  cacheBytesPerElement?: number;
}

const normParameters = (arch: TShape) => (arch.norm === "layernorm" ? 2 : 1) * arch.d_model;

const headDim = (arch: TShape, heads: number) => arch.d_model / heads;

function mamba2Dims(d: number, layer: Extract<TLayer, { type: "mamba2" }>) {
  const inner = layer.expand * d;
  const heads = inner / layer.head_dim;
  const convChannels = inner + 2 * MAMBA2_GROUPS * layer.d_state;
  const inProjOut = 2 * inner + 2 * MAMBA2_GROUPS * layer.d_state + heads;
  return { inner, heads, convChannels, inProjOut };
}

/** Weights of one expert (or dense MLP) without biases. */
const ffnWeights = (d: number, dFf: number, act: "gelu" | "swiglu") => (act === "swiglu" ? 3 : 2) * d * dFf;

/** Parameters of one layer, excluding its pre-norm. */
function layerParameters(arch: TShape, layer: TLayer): { total: number; active: number } {
  const d = arch.d_model;
  switch (layer.type) {
    case "attention": {
      const kv = layer.kv_heads * headDim(arch, layer.heads);
      const weights = 2 * d * d + 2 * d * kv;
      const total = weights + (layer.bias ? 2 * d + 2 * kv : 0);
      return { total, active: total };
    }
    case "mlp": {
      const biases = layer.bias ? (layer.act === "swiglu" ? 2 : 1) * layer.d_ff + d : 0;
      const total = ffnWeights(d, layer.d_ff, layer.act) + biases;
      return { total, active: total };
    }
    case "mamba2": {
      const m = mamba2Dims(d, layer);
      const total =
        d * m.inProjOut + m.convChannels * (MAMBA2_CONV_WIDTH + 1) + 3 * m.heads + m.inner + m.inner * d;
      return { total, active: total };
    }
    case "moe": {
      const expert = ffnWeights(d, layer.d_ff, layer.act);
      const router = d * layer.experts;
      return { total: router + layer.experts * expert, active: router + layer.top_k * expert };
    }
  }
}

export function countParameters(arch: TShape): TParameterCount {
  const embedding = arch.vocab * arch.d_model;
  const positional = arch.positional === "learned" ? arch.max_seq * arch.d_model : 0;
  const head = arch.tie_embeddings ? 0 : arch.vocab * arch.d_model;
  const norms = (arch.layers.length + 1) * normParameters(arch);
  const perLayer = arch.layers.map((layer) => layerParameters(arch, layer));
  const fixed = embedding + positional + head + norms;
  return {
    total: fixed + perLayer.reduce((sum, p) => sum + p.total, 0),
    active: fixed + perLayer.reduce((sum, p) => sum + p.active, 0),
    embedding,
    positional,
    norms,
    head,
    layers: perLayer.map((p) => p.total),
  };
}

/**
 * Forward FLOPs of one token at `context`, split into the context-independent part and the attention part.
 * Convention: 2 FLOPs per multiply-add of every matmul weight the token passes through, the head included even
 * when tied; embedding and position lookups, biases, norms, activations and softmax are not counted. Attention
 * adds 2 * 2 * context * (heads * head_dim) per layer for QK^T and AV over the full context (no causal halving,
 * the same term as torch_gpt.py's 12 * L * d * T training FLOPs). A mamba2 layer adds its SSD chunked scan with
 * chunk Q = min(chunk, context): 2 * Q * d_state (C.B within the chunk) + 2 * Q * inner (intra-chunk mix)
 * + 4 * inner * d_state (chunk state in and out). Unlike torch_gpt.py's 6 * params, position tables, biases and
 * norms contribute nothing, so the peer's figure is slightly larger (by 6 * those parameters per token).
 */
export function flopsPerToken(arch: TShape, context: number = arch.max_seq): TFlopsPerToken {
  const d = arch.d_model;
  let matmul = 2 * arch.vocab * d;
  let attention = 0;
  for (const layer of arch.layers) {
    switch (layer.type) {
      case "attention": {
        const kv = layer.kv_heads * headDim(arch, layer.heads);
        matmul += 2 * (2 * d * d + 2 * d * kv);
        attention += 2 * 2 * context * d;
        break;
      }
      case "mlp":
        matmul += 2 * ffnWeights(d, layer.d_ff, layer.act);
        break;
      case "mamba2": {
        const m = mamba2Dims(d, layer);
        const chunk = Math.min(layer.chunk, context);
        matmul += 2 * (d * m.inProjOut + m.inner * d) + 2 * m.convChannels * MAMBA2_CONV_WIDTH;
        matmul += 2 * chunk * layer.d_state + 2 * chunk * m.inner + 4 * m.inner * layer.d_state;
        break;
      }
      case "moe":
        matmul += 2 * (d * layer.experts + layer.top_k * ffnWeights(d, layer.d_ff, layer.act));
        break;
    }
  }
  const forward = matmul + attention;
  return { context, forward, training: 3 * forward, attention };
}

/**
 * Bytes of activations saved for backward when training one sequence of `context` tokens (batch 1, fp32).
 * Per token and layer: its pre-norm input, norm statistics (2 for LayerNorm, 1 for RMSNorm) and output, then
 * - attention: q, k, v, the attention output and one logsumexp per head (flash-style: no context x context matrix,
 *   so attention adds the same bytes per token at every context);
 * - mlp: the projections' outputs before and after the activation (gelu 2 * d_ff, swiglu 3 * d_ff);
 * - mamba2: in_proj output, conv output, dt per head, scan output, gated-norm statistics and output, plus one
 *   inner x d_state state per started chunk of the sequence;
 * - moe: router logits and probabilities, then per chosen expert its input, hidden activations and output;
 * and for the head: final-norm input, statistics and output, and the vocab-wide softmax the loss keeps.
 */
export function activationBytes(arch: TShape, context: number): number {
  const d = arch.d_model;
  const normSaved = 2 * d + (arch.norm === "layernorm" ? 2 : 1);
  let perToken = normSaved + arch.vocab;
  let chunkStates = 0;
  for (const layer of arch.layers) {
    perToken += normSaved;
    switch (layer.type) {
      case "attention": {
        const kv = layer.kv_heads * headDim(arch, layer.heads);
        perToken += 2 * d + 2 * kv + layer.heads;
        break;
      }
      case "mlp":
        perToken += (layer.act === "swiglu" ? 3 : 2) * layer.d_ff;
        break;
      case "mamba2": {
        const m = mamba2Dims(d, layer);
        perToken += m.inProjOut + m.convChannels + m.heads + m.inner + 1 + m.inner;
        chunkStates += Math.ceil(context / layer.chunk) * m.inner * layer.d_state;
        break;
      }
      case "moe":
        perToken += 2 * layer.experts + layer.top_k * (2 * d + (layer.act === "swiglu" ? 3 : 2) * layer.d_ff);
        break;
    }
  }
  return (perToken * context + chunkStates) * FP32_BYTES;
}

/** K and V of every attention layer for `context` tokens: 2 * kv_heads * head_dim * context * bytes per layer. */
export function kvCacheBytes(arch: TShape, context: number, bytesPerElement: number = FP32_BYTES): number {
  let elements = 0;
  for (const layer of arch.layers) {
    if (layer.type === "attention") elements += 2 * layer.kv_heads * headDim(arch, layer.heads) * context;
  }
  return elements * bytesPerElement;
}

/** Recurrent state of every mamba2 layer: nheads * head_dim * d_state SSM state + (conv width - 1) conv inputs. */
export function ssmStateBytes(arch: TShape, bytesPerElement: number = FP32_BYTES): number {
  let elements = 0;
  for (const layer of arch.layers) {
    if (layer.type !== "mamba2") continue;
    const m = mamba2Dims(arch.d_model, layer);
    elements += m.inner * layer.d_state + (MAMBA2_CONV_WIDTH - 1) * m.convChannels;
  }
  return elements * bytesPerElement;
}

export function deriveArchitecture(arch: TShape, options: TDeriveOptions = {}): TDerivedArchitecture {
  const contexts = options.contexts ?? DEFAULT_CONTEXTS;
  for (const context of contexts) {
    if (!Number.isSafeInteger(context) || context < 1)
      throw new RangeError(`context ${context} is not a positive integer`);
  }
  const parameters = countParameters(arch);
  const stateBytes = ssmStateBytes(arch, options.cacheBytesPerElement);
  return {
    parameters,
    flops: contexts.map((context) => flopsPerToken(arch, context)),
    memory: contexts.map((context) => {
      const activations = activationBytes(arch, context);
      return {
        context,
        activationBytes: activations,
        activationBytesPerToken: activations / context,
        kvCacheBytes: kvCacheBytes(arch, context, options.cacheBytesPerElement),
        ssmStateBytes: stateBytes,
      };
    }),
    trainingStateBytes: parameters.total * TRAINING_STATE_BYTES_PER_PARAMETER,
  };
}
