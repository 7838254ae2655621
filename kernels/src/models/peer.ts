// The PyTorch peer's GPT (shared/bench/torch_gpt.py) as an architecture artifact: pre-LN, learned
// positions, LayerNorm, GELU MLP 4x, tied embeddings, biases on qkv/proj/fc, none on the head.
export type PeerShape = {
  name: string;
  vocab: number;
  d: number;
  layers: number;
  heads: number;
  seq: number;
  batch: number;
};

export function peerArchitecture(s: PeerShape) {
  return {
    vocab: s.vocab,
    d_model: s.d,
    norm: "layernorm" as const,
    tie_embeddings: true,
    positional: "learned" as const,
    max_seq: s.seq,
    layers: Array.from({ length: s.layers }, () => [
      { type: "attention" as const, heads: s.heads, kv_heads: s.heads, rope: false, bias: true },
      { type: "mlp" as const, d_ff: 4 * s.d, act: "gelu" as const, bias: true },
    ]).flat(),
    precision: { matmul: "fp32" as const, keep_high_precision: [] },
  };
}
