import { describe, expect, it } from "vitest";
import {
  architectureBlocks,
  highPrecisionLayerIndices,
  ZArchitecture,
  type TArchitectureInput,
} from "./architecture";
import { zodIssuesToErrors } from "./field-path";
import { designArchitecture, PEER_5_9M, peerGpt, peerGptInput } from "./test-fixtures";

const errorsOf = (input: unknown) => {
  const result = ZArchitecture.safeParse(input);
  return result.success ? [] : zodIssuesToErrors(result.error.issues);
};

const base = (): TArchitectureInput => ({
  vocab: 1024,
  d_model: 128,
  norm: "rmsnorm",
  tie_embeddings: false,
  layers: [
    { type: "attention", heads: 4, rope: true },
    { type: "mlp", d_ff: 512, act: "swiglu" },
  ],
});

describe("ZArchitecture", () => {
  it("fills the documented defaults", () => {
    const arch = ZArchitecture.parse(base());
    expect(arch.version).toBe(1);
    expect(arch.positional).toBe("rope");
    expect(arch.max_seq).toBe(2048);
    expect(arch.precision).toEqual({ matmul: "fp32", keep_high_precision: [] });
    expect(arch.layers[0]).toEqual({ type: "attention", heads: 4, kv_heads: 4, rope: true, bias: false });
    expect(arch.layers[1]).toEqual({ type: "mlp", d_ff: 512, act: "swiglu", bias: false });
  });

  it("expresses the PyTorch peer exactly: learned positions, LayerNorm, biases, tied head", () => {
    const arch = peerGpt(PEER_5_9M);
    expect(arch).toMatchObject({
      positional: "learned",
      norm: "layernorm",
      tie_embeddings: true,
      max_seq: 256,
    });
    expect(arch.layers).toHaveLength(12);
    expect(arch.layers[0]).toEqual({ type: "attention", heads: 4, kv_heads: 4, rope: false, bias: true });
    expect(arch.layers[1]).toEqual({ type: "mlp", d_ff: 1024, act: "gelu", bias: true });
  });

  it("accepts DESIGN.md's example with one layer of each type; moe defaults to swiglu", () => {
    const arch = designArchitecture();
    expect(arch.layers.map((l) => l.type)).toEqual(["attention", "mlp", "mamba2", "moe"]);
    expect(arch.layers[3]).toMatchObject({ act: "swiglu", experts: 8, top_k: 2 });
  });

  it("names the layer in cross-field errors", () => {
    const input = base();
    input.layers = [
      { type: "attention", heads: 4, rope: true },
      { type: "mlp", d_ff: 512, act: "gelu" },
      { type: "attention", heads: 3, rope: false },
      { type: "attention", heads: 8, kv_heads: 3, rope: true },
      { type: "moe", experts: 4, top_k: 5, d_ff: 64, capacity_factor: 1, aux_loss: 0 },
      { type: "mamba2", d_state: 16, expand: 2, head_dim: 48, chunk: 64 },
    ];
    expect(errorsOf(input)).toEqual([
      { path: "layers[2].heads", message: "d_model must be divisible by layers[2].heads (128 % 3 != 0)" },
      { path: "layers[3].kv_heads", message: "layers[3].kv_heads must divide heads (8 % 3 != 0)" },
      { path: "layers[4].top_k", message: "layers[4].top_k must be <= experts (5 > 4)" },
      {
        path: "layers[5].head_dim",
        message: "layers[5].head_dim must divide d_model * expand (256 % 48 != 0)",
      },
    ]);
  });

  it("requires positional: rope for rotary attention and an even head dim", () => {
    expect(errorsOf({ ...base(), positional: "learned" })).toEqual([
      { path: "layers[0].rope", message: "layers[0].rope requires positional: rope (positional is learned)" },
    ]);
    const odd = { ...base(), d_model: 12, layers: [{ type: "attention", heads: 4, rope: true }] };
    expect(errorsOf(odd)).toEqual([
      { path: "layers[0].rope", message: "layers[0].rope needs an even head dim, d_model / heads = 3" },
    ]);
  });

  it("rejects unknown layer types, unknown fields, wrong types and empty layer lists with paths", () => {
    const input = {
      ...base(),
      layers: [
        { type: "conv", width: 3 },
        { type: "mlp", d_ff: 64, act: "relu" },
        { type: "attention", heads: 2, rope: true, kv_head: 1 },
      ],
    };
    const errors = errorsOf(input);
    expect(errors.map((e) => e.path)).toEqual(["layers[0].type", "layers[1].act", "layers[2].kv_head"]);
    expect(errors[2]?.message).toBe("unknown field");
    expect(errorsOf({ ...base(), layers: [] }).map((e) => e.path)).toEqual(["layers"]);
    expect(errorsOf({ ...base(), d_model: 128.5 }).map((e) => e.path)).toEqual(["d_model"]);
    expect(errorsOf({ ...base(), version: 2 }).map((e) => e.path)).toEqual(["version"]);
  });

  it("checks keep_high_precision entries against the layers", () => {
    const input = { ...base(), precision: { matmul: "nvfp4", keep_high_precision: ["head", 1, "head", 7] } };
    expect(errorsOf(input)).toEqual([
      {
        path: "precision.keep_high_precision[2]",
        message: 'precision.keep_high_precision[2] repeats "head"',
      },
      {
        path: "precision.keep_high_precision[3]",
        message: "precision.keep_high_precision[3] refers to layers[7] but there are 2 layers",
      },
    ]);
  });

  it("refuses shapes whose parameter count is beyond exact float64 integers", () => {
    // 16 layers x 4096 experts x 3 x 65536 x 2^20 weights = 1.35e16 > 2^53.
    const moe = { type: "moe", experts: 4096, top_k: 1, d_ff: 1 << 20, capacity_factor: 1, aux_loss: 0 };
    const huge = { ...base(), d_model: 65536, layers: Array.from({ length: 16 }, () => moe) };
    const errors = errorsOf(huge);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe("layers");
    expect(errors[0]?.message).toMatch(/exceeds 2\^53/);
  });

  it("accepts the peer input after a JSON round trip (what the web stores)", () => {
    const parsed = ZArchitecture.parse(JSON.parse(JSON.stringify(peerGptInput(PEER_5_9M))));
    expect(ZArchitecture.parse(parsed)).toEqual(parsed);
  });
});

describe("architectureBlocks / highPrecisionLayerIndices", () => {
  const arch = ZArchitecture.parse({
    ...base(),
    layers: [
      { type: "mlp", d_ff: 64, act: "gelu" },
      { type: "attention", heads: 4, rope: true },
      { type: "mlp", d_ff: 64, act: "gelu" },
      { type: "mamba2", d_state: 16, expand: 2, head_dim: 32, chunk: 64 },
      { type: "attention", heads: 4, rope: true },
      { type: "moe", experts: 4, top_k: 1, d_ff: 64, capacity_factor: 1, aux_loss: 0 },
      { type: "mlp", d_ff: 64, act: "gelu" },
    ],
    precision: { matmul: "fp8", keep_high_precision: ["embedding", "first_block", "last_block", 3] },
  });

  it("opens a block at every token mixer; leading channel mixers form their own block", () => {
    expect(architectureBlocks(arch)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 3 },
      { start: 3, end: 4 },
      { start: 4, end: 7 },
    ]);
    expect(architectureBlocks(peerGpt(PEER_5_9M))).toHaveLength(6);
  });

  it("resolves named parts and indices to sorted layer indices", () => {
    expect(highPrecisionLayerIndices(arch)).toEqual([0, 3, 4, 5, 6]);
  });
});
