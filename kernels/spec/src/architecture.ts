import { z } from "zod";
import { CROSS_FIELD_RULE } from "./field-path";
import { countParameters } from "./derived";

/** Hard cap on `layers`: keeps validation, diffs and derived figures cheap for any document the web accepts. */
export const MAX_LAYERS = 4096;

// Upper bounds keep every derived figure (parameters, FLOPs, bytes) well inside exact float64 integers.
const LIMITS = {
  vocab: 1 << 22,
  width: 1 << 16,
  ffn: 1 << 20,
  heads: 1 << 12,
  experts: 1 << 12,
  seq: 1 << 24,
};

const count = (max: number) => z.int().min(1).max(max);

export const ZActivation = z.enum(["gelu", "swiglu"]);
export type TActivation = z.output<typeof ZActivation>;

export const ZAttentionLayer = z
  .strictObject({
    type: z.literal("attention"),
    heads: count(LIMITS.heads),
    /** Grouped-query attention: each K/V head serves heads / kv_heads query heads. Defaults to heads (plain MHA). */
    kv_heads: count(LIMITS.heads).optional(),
    /** Rotary embedding on q and k; needs `positional: rope` at the architecture level. */
    rope: z.boolean(),
    /** Biases on the q/k/v and output projections (the PyTorch peer has them). */
    bias: z.boolean().default(false),
  })
  .transform((layer) => ({ ...layer, kv_heads: layer.kv_heads ?? layer.heads }));

export const ZMlpLayer = z.strictObject({
  type: z.literal("mlp"),
  d_ff: count(LIMITS.ffn),
  act: ZActivation,
  /** Biases on both projections (the PyTorch peer has them). */
  bias: z.boolean().default(false),
});

export const ZMamba2Layer = z.strictObject({
  type: z.literal("mamba2"),
  d_state: count(1024),
  expand: count(16),
  head_dim: count(LIMITS.width),
  /** SSD chunk length of the chunked scan. */
  chunk: count(LIMITS.seq),
});

export const ZMoeLayer = z.strictObject({
  type: z.literal("moe"),
  experts: count(LIMITS.experts),
  top_k: count(LIMITS.experts),
  d_ff: count(LIMITS.ffn),
  capacity_factor: z.number().positive().max(1024),
  aux_loss: z.number().min(0).max(1024),
  /** Expert activation; SwiGLU unless told, so DESIGN.md's example (which omits it) stays valid. */
  act: ZActivation.default("swiglu"),
});

export const ZLayer = z.discriminatedUnion("type", [ZAttentionLayer, ZMlpLayer, ZMamba2Layer, ZMoeLayer]);
export type TLayer = z.output<typeof ZLayer>;
export type TLayerType = TLayer["type"];
export type TAttentionLayer = z.output<typeof ZAttentionLayer>;
export type TMlpLayer = z.output<typeof ZMlpLayer>;
export type TMamba2Layer = z.output<typeof ZMamba2Layer>;
export type TMoeLayer = z.output<typeof ZMoeLayer>;

export const ZMatmulPrecision = z.enum(["fp32", "bf16", "fp8", "nvfp4"]);
export type TMatmulPrecision = z.output<typeof ZMatmulPrecision>;

/**
 * What stays fp32 when matmuls run in low precision: named parts, or a layer index. A block is a token mixer
 * (attention or mamba2) with the mlp/moe layers that follow it, see architectureBlocks.
 */
export const ZHighPrecisionPart = z.union([
  z.enum(["embedding", "head", "first_block", "last_block"]),
  z
    .int()
    .min(0)
    .max(MAX_LAYERS - 1),
]);
export type THighPrecisionPart = z.output<typeof ZHighPrecisionPart>;

export const ZPrecision = z.strictObject({
  matmul: ZMatmulPrecision,
  keep_high_precision: z.array(ZHighPrecisionPart).max(MAX_LAYERS).default([]),
});

export const ZArchitecture = z
  .strictObject({
    version: z.literal(1).default(1),
    vocab: count(LIMITS.vocab),
    d_model: count(LIMITS.width),
    /** Every layer has its own pre-norm of this kind, and one more norm precedes the head. */
    norm: z.enum(["rmsnorm", "layernorm"]),
    /** The head reuses the embedding matrix (no separate head weights, no head bias). */
    tie_embeddings: z.boolean(),
    /** `learned` adds a max_seq x d_model position table to the embeddings; `rope` lets attention layers rotate. */
    positional: z.enum(["rope", "learned", "none"]).default("rope"),
    max_seq: count(LIMITS.seq).default(2048),
    layers: z.array(ZLayer).min(1).max(MAX_LAYERS),
    precision: ZPrecision.default({ matmul: "fp32", keep_high_precision: [] }),
  })
  .superRefine((arch, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    arch.layers.forEach((layer, i) => {
      const at = `layers[${i}]`;
      switch (layer.type) {
        case "attention": {
          if (arch.d_model % layer.heads !== 0) {
            issue(
              ["layers", i, "heads"],
              `d_model must be divisible by ${at}.heads (${arch.d_model} % ${layer.heads} != 0)`,
            );
          } else if (layer.rope && (arch.d_model / layer.heads) % 2 !== 0) {
            issue(
              ["layers", i, "rope"],
              `${at}.rope needs an even head dim, d_model / heads = ${arch.d_model / layer.heads}`,
            );
          }
          if (layer.heads % layer.kv_heads !== 0) {
            issue(
              ["layers", i, "kv_heads"],
              `${at}.kv_heads must divide heads (${layer.heads} % ${layer.kv_heads} != 0)`,
            );
          }
          if (layer.rope && arch.positional !== "rope") {
            issue(
              ["layers", i, "rope"],
              `${at}.rope requires positional: rope (positional is ${arch.positional})`,
            );
          }
          break;
        }
        case "mamba2": {
          const inner = arch.d_model * layer.expand;
          if (inner % layer.head_dim !== 0) {
            issue(
              ["layers", i, "head_dim"],
              `${at}.head_dim must divide d_model * expand (${inner} % ${layer.head_dim} != 0)`,
            );
          }
          break;
        }
        case "moe": {
          if (layer.top_k > layer.experts) {
            issue(
              ["layers", i, "top_k"],
              `${at}.top_k must be <= experts (${layer.top_k} > ${layer.experts})`,
            );
          }
          break;
        }
        case "mlp":
          break;
      }
    });
    const seen = new Set<THighPrecisionPart>();
    arch.precision.keep_high_precision.forEach((part, j) => {
      const at = `precision.keep_high_precision[${j}]`;
      if (seen.has(part))
        issue(["precision", "keep_high_precision", j], `${at} repeats ${JSON.stringify(part)}`);
      seen.add(part);
      if (typeof part === "number" && part >= arch.layers.length) {
        issue(
          ["precision", "keep_high_precision", j],
          `${at} refers to layers[${part}] but there are ${arch.layers.length} layers`,
        );
      }
    });
    const total = countParameters(arch).total;
    if (total > Number.MAX_SAFE_INTEGER) {
      issue(
        ["layers"],
        `the parameter count (${total.toExponential(3)}) exceeds 2^53, too large to account for exactly`,
      );
    }
  }, CROSS_FIELD_RULE);

export type TArchitecture = z.output<typeof ZArchitecture>;
export type TArchitectureInput = z.input<typeof ZArchitecture>;

/** Layer index range [start, end) of one block. */
export interface TBlock {
  start: number;
  end: number;
}

const isTokenMixer = (layer: TLayer) => layer.type === "attention" || layer.type === "mamba2";

/**
 * Splits the layers into blocks: each token mixer (attention, mamba2) opens a block that runs up to the next
 * one, so `attention, mlp` is one block as in a GPT. Channel mixers before the first token mixer form a block.
 */
export function architectureBlocks(arch: Pick<TArchitecture, "layers">): TBlock[] {
  const blocks: TBlock[] = [];
  arch.layers.forEach((layer, i) => {
    const current = blocks[blocks.length - 1];
    if (current === undefined || (isTokenMixer(layer) && i > current.start))
      blocks.push({ start: i, end: i + 1 });
    else current.end = i + 1;
  });
  return blocks;
}

/** Which layer indices stay fp32 under `precision.keep_high_precision`, ascending (embedding/head are not layers). */
export function highPrecisionLayerIndices(arch: Pick<TArchitecture, "layers" | "precision">): number[] {
  const blocks = architectureBlocks(arch);
  const indices = new Set<number>();
  const addBlock = (block: TBlock | undefined) => {
    if (block) for (let i = block.start; i < block.end; i++) indices.add(i);
  };
  for (const part of arch.precision.keep_high_precision) {
    if (typeof part === "number") indices.add(part);
    else if (part === "first_block") addBlock(blocks[0]);
    else if (part === "last_block") addBlock(blocks[blocks.length - 1]);
  }
  return [...indices].sort((a, b) => a - b);
}
