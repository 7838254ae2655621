// The hybrid of the PyTorch cross-check and the Mamba-2 benchmarks (torch_hybrid.py builds the same model):
// the peer GPT's conventions (layernorm, learned positions, tied embeddings, biases on attention and the
// GELU MLP), with the token mixers attention, mamba2, mamba2, each followed by an MLP.
import { type PeerShape } from "../src/models/peer";

export const HYBRID_MAMBA2 = { type: "mamba2", d_state: 64, expand: 2, head_dim: 64, chunk: 64 } as const;

export function hybridArchitecture(s: PeerShape) {
  const mlp = { type: "mlp" as const, d_ff: 4 * s.d, act: "gelu" as const, bias: true };
  const mamba2 = { ...HYBRID_MAMBA2, head_dim: Math.min(HYBRID_MAMBA2.head_dim, s.d) };
  return {
    vocab: s.vocab,
    d_model: s.d,
    norm: "layernorm" as const,
    tie_embeddings: true,
    positional: "learned" as const,
    max_seq: s.seq,
    layers: [
      { type: "attention" as const, heads: s.heads, kv_heads: s.heads, rope: false, bias: true },
      mlp,
      mamba2,
      mlp,
      mamba2,
      mlp,
    ],
    precision: { matmul: "fp32" as const, keep_high_precision: [] },
  };
}
