/** Shared shapes for the spec tests. */
import { ZArchitecture, type TArchitectureInput } from "./architecture";

/** The PyTorch peer (shared/bench/torch_gpt.py) as an architecture: one attention + one mlp entry per block. */
export function peerGptInput(shape: {
  d: number;
  layers: number;
  heads: number;
  seq: number;
  vocab: number;
}): TArchitectureInput {
  return {
    vocab: shape.vocab,
    d_model: shape.d,
    norm: "layernorm",
    tie_embeddings: true,
    positional: "learned",
    max_seq: shape.seq,
    layers: Array.from({ length: shape.layers }).flatMap(() => [
      { type: "attention" as const, heads: shape.heads, rope: false, bias: true },
      { type: "mlp" as const, d_ff: 4 * shape.d, act: "gelu" as const, bias: true },
    ]),
    precision: { matmul: "fp32", keep_high_precision: [] },
  };
}

export const peerGpt = (shape: Parameters<typeof peerGptInput>[0]) =>
  ZArchitecture.parse(peerGptInput(shape));

export const PEER_5_9M = { d: 256, layers: 6, heads: 4, seq: 256, vocab: 4096 };
export const PEER_29_7M = { d: 512, layers: 8, heads: 8, seq: 512, vocab: 8192 };

/** DESIGN.md section 3's architecture, one layer of each type, with matmul precision chosen. */
export const DESIGN_ARCHITECTURE_YAML = `# architecture.yaml
vocab: 8192
d_model: 256
norm: rmsnorm
tie_embeddings: true
layers:                      # one entry per block, in order
  - { type: attention, heads: 4, kv_heads: 2, rope: true }
  - { type: mlp, d_ff: 1024, act: swiglu }
  - { type: mamba2, d_state: 64, expand: 2, head_dim: 32, chunk: 64 }
  - { type: moe, experts: 8, top_k: 2, d_ff: 512, capacity_factor: 1.25, aux_loss: 0.01 }
precision: { matmul: bf16, keep_high_precision: [embedding, head, last_block] }
`;

export const DESIGN_DATAMIX_YAML = `# datamix.yaml: shares sum to 1; each source is a dataset of the project
sources: { books: 0.30, speeches: 0.20, reference: 0.15, math: 0.10, code: 0.20, multilingual: 0.05 }
tokenizer: forge-bpe-8k        # trained from the project's data, stored as an artifact
seq_len: 256
`;

export const DESIGN_RECIPE_YAML = `# recipe.yaml
tokens: 20_000_000             # proxy budget per run
batch_tokens: 16384
optimizer: { name: adamw, lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1.0 }
schedule: { warmup: 200, decay: cosine, min_lr_ratio: 0.1 }
seeds: [1, 2, 3]
`;

export const DESIGN_EVALSUITE_YAML = `# evalsuite.yaml
heldout: per_source_bits_per_byte
tasks: [quiz-cloze, wordnet-definitions]   # small verifier-scored tasks built from packaged data
ptq: [fp8, nvfp4]                          # post-training quantization of the trained model
inference_profile: { contexts: [256, 1024, 4096] }
`;

export const designArchitecture = () =>
  ZArchitecture.parse({
    vocab: 8192,
    d_model: 256,
    norm: "rmsnorm",
    tie_embeddings: true,
    layers: [
      { type: "attention", heads: 4, kv_heads: 2, rope: true },
      { type: "mlp", d_ff: 1024, act: "swiglu" },
      { type: "mamba2", d_state: 64, expand: 2, head_dim: 32, chunk: 64 },
      { type: "moe", experts: 8, top_k: 2, d_ff: 512, capacity_factor: 1.25, aux_loss: 0.01 },
    ],
  });

export const sampleCard = (name: string, license: string) => ({
  name,
  description: `${name} text`,
  license,
  provenance: {
    package: `pkg-${name}`,
    version: "1.0.0",
    registry: "npm" as const,
    files: ["data/*.txt"],
    extraction: "one document per file",
  },
  counts: { documents: 3, bytes: 300, tokens: 120 },
  shards: [
    { key: `${name}/0.jsonl`, hash: "a".repeat(64), rows: 2, bytes: 200 },
    { key: `${name}/1.jsonl`, hash: "b".repeat(64), rows: 1, bytes: 100 },
  ],
});
