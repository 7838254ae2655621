import { describe, expect, it } from "vitest";
import { ZArchitecture } from "./architecture";
import {
  activationBytes,
  countParameters,
  DEFAULT_CONTEXTS,
  deriveArchitecture,
  flopsPerToken,
  kvCacheBytes,
  ssmStateBytes,
} from "./derived";
import { designArchitecture, PEER_29_7M, PEER_5_9M, peerGpt } from "./test-fixtures";

/**
 * torch_gpt.py's parameter count, by hand: per block ln1 2d + qkv 3d^2+3d + proj d^2+d + ln2 2d + fc 4d^2+4d
 * + fc2 4d^2+d = 12d^2 + 13d; plus wte V*d, wpe T*d, lnf 2d; the head is tied. PyTorch agrees: the peer's
 * modules give sum(p.numel()) = 5,853,184 and 29,676,544 for these two shapes.
 */
const torchGptParameters = ({ d, layers, seq, vocab }: typeof PEER_5_9M) =>
  layers * (12 * d * d + 13 * d) + vocab * d + seq * d + 2 * d;

describe("countParameters", () => {
  it("matches the PyTorch peer at 5.9M and 29.7M exactly", () => {
    expect(torchGptParameters(PEER_5_9M)).toBe(5_853_184);
    expect(countParameters(peerGpt(PEER_5_9M)).total).toBe(5_853_184);
    expect(torchGptParameters(PEER_29_7M)).toBe(29_676_544);
    expect(countParameters(peerGpt(PEER_29_7M)).total).toBe(29_676_544);
  });

  it("splits the peer into components", () => {
    const count = countParameters(peerGpt(PEER_5_9M));
    expect(count.embedding).toBe(4096 * 256);
    expect(count.positional).toBe(256 * 256);
    expect(count.head).toBe(0);
    expect(count.norms).toBe((12 + 1) * 2 * 256);
    expect(count.layers[0]).toBe(4 * 256 * 256 + 4 * 256); // qkv + proj with biases
    expect(count.layers[1]).toBe(8 * 256 * 256 + 5 * 256); // fc + fc2 with biases
    expect(count.active).toBe(count.total);
  });

  it("counts GQA attention, SwiGLU, Mamba-2 and MoE layers by hand", () => {
    const count = countParameters(designArchitecture());
    // attention, d 256, 4 heads of 64, 2 kv heads: q and o 256x256, k and v 256x128, no biases.
    expect(count.layers[0]).toBe(2 * 256 * 256 + 2 * 256 * 128);
    // swiglu: gate, up, down.
    expect(count.layers[1]).toBe(3 * 256 * 1024);
    // mamba2: inner 512, 16 heads, conv over 512 + 2*64 = 640 channels, in_proj out 2*512 + 2*64 + 16 = 1168.
    expect(count.layers[2]).toBe(256 * 1168 + 640 * 4 + 640 + 3 * 16 + 512 + 512 * 256);
    // moe: router 256x8 + 8 swiglu experts of width 512.
    expect(count.layers[3]).toBe(256 * 8 + 8 * 3 * 256 * 512);
    expect(count.norms).toBe(5 * 256); // rmsnorm: 4 pre-norms + final
    expect(count.total).toBe(8192 * 256 + 5 * 256 + 196_608 + 786_432 + 433_840 + 3_147_776);
    expect(count.total - count.active).toBe(6 * 3 * 256 * 512); // 6 of 8 experts idle per token
  });

  it("adds a separate head when untied and drops learned positions with rope", () => {
    const tied = designArchitecture();
    const untied = ZArchitecture.parse({ ...tied, tie_embeddings: false });
    expect(countParameters(untied).head).toBe(8192 * 256);
    expect(countParameters(untied).total - countParameters(tied).total).toBe(8192 * 256);
    expect(countParameters(tied).positional).toBe(0);
  });
});

describe("flopsPerToken", () => {
  it("is 2 x matmul weights (head included) + 4 T d per attention layer; training is 3x", () => {
    const arch = peerGpt(PEER_5_9M);
    const flops = flopsPerToken(arch, 256);
    const matmulWeights = 6 * 12 * 256 * 256 + 4096 * 256;
    expect(flops.attention).toBe(6 * 4 * 256 * 256);
    expect(flops.forward).toBe(2 * matmulWeights + 6 * 4 * 256 * 256);
    expect(flops.training).toBe(3 * flops.forward);
    expect(flops.context).toBe(256);
  });

  it("equals torch_gpt.py's 6N + 12 L d T less the non-matmul parameters (positions, biases, norms)", () => {
    const shape = PEER_29_7M;
    const n = torchGptParameters(shape);
    const notMatmul = shape.seq * shape.d + shape.layers * (9 * shape.d + 4 * shape.d) + 2 * shape.d;
    const peer = 6 * n + 12 * shape.layers * shape.d * shape.seq;
    expect(flopsPerToken(peerGpt(shape), shape.seq).training).toBe(peer - 6 * notMatmul);
  });

  it("defaults to max_seq and grows with context only through attention", () => {
    const arch = peerGpt(PEER_5_9M);
    expect(flopsPerToken(arch).context).toBe(256);
    expect(flopsPerToken(arch, 1024).forward - flopsPerToken(arch, 256).forward).toBe(6 * 4 * 768 * 256);
  });

  it("counts top_k experts for MoE and the SSD scan for Mamba-2", () => {
    const arch = designArchitecture();
    const flops = flopsPerToken(arch, 1024);
    const attention = 2 * (2 * 256 * 256 + 2 * 256 * 128);
    const mlp = 2 * 3 * 256 * 1024;
    const mamba = 2 * (256 * 1168 + 512 * 256) + 2 * 640 * 4 + 2 * 64 * 64 + 2 * 64 * 512 + 4 * 512 * 64;
    const moe = 2 * (256 * 8 + 2 * 3 * 256 * 512);
    const head = 2 * 8192 * 256;
    expect(flops.attention).toBe(4 * 1024 * 256);
    expect(flops.forward).toBe(attention + mlp + mamba + moe + head + 4 * 1024 * 256);
  });
});

describe("memory", () => {
  it("activation bytes of the peer: per token 2d+2 per norm, q/k/v/out + logsumexp, fc in/out, vocab softmax", () => {
    const arch = peerGpt(PEER_5_9M);
    const norm = 2 * 256 + 2;
    const perLayerPair = norm + (4 * 256 + 4) + norm + 2 * 1024;
    const perToken = norm + 4096 + 6 * perLayerPair;
    expect(perToken).toBe(29_234);
    expect(activationBytes(arch, 256)).toBe(4 * 256 * perToken);
    expect(activationBytes(arch, 1024)).toBe(4 * activationBytes(arch, 256));
  });

  it("stores one Mamba-2 chunk state per started chunk", () => {
    const arch = designArchitecture();
    const chunkState = 512 * 64 * 4;
    const perToken = (activationBytes(arch, 128) - 2 * chunkState) / 128;
    expect(activationBytes(arch, 129)).toBe(129 * perToken + 3 * chunkState);
  });

  it("KV cache is 2 kv_heads head_dim T bytes per attention layer; SSM state ignores T", () => {
    const arch = designArchitecture();
    expect(kvCacheBytes(arch, 1024)).toBe(2 * 2 * 64 * 1024 * 4);
    expect(kvCacheBytes(arch, 1024, 2)).toBe(2 * 2 * 64 * 1024 * 2);
    expect(kvCacheBytes(peerGpt(PEER_5_9M), 256)).toBe(6 * 2 * 256 * 256 * 4);
    expect(ssmStateBytes(arch)).toBe((512 * 64 + 3 * 640) * 4);
    expect(ssmStateBytes(peerGpt(PEER_5_9M))).toBe(0);
  });
});

describe("deriveArchitecture", () => {
  it("reports parameters, FLOPs and memory at each context", () => {
    const arch = designArchitecture();
    const derived = deriveArchitecture(arch, { contexts: [512, 8192] });
    expect(derived.flops.map((f) => f.context)).toEqual([512, 8192]);
    expect(derived.memory[1]).toEqual({
      context: 8192,
      activationBytes: activationBytes(arch, 8192),
      activationBytesPerToken: activationBytes(arch, 8192) / 8192,
      kvCacheBytes: kvCacheBytes(arch, 8192),
      ssmStateBytes: ssmStateBytes(arch),
    });
    expect(derived.trainingStateBytes).toBe(16 * derived.parameters.total);
    expect(deriveArchitecture(arch).memory.map((m) => m.context)).toEqual([...DEFAULT_CONTEXTS]);
  });

  it("refuses contexts that are not positive integers", () => {
    expect(() => deriveArchitecture(designArchitecture(), { contexts: [0] })).toThrow(RangeError);
    expect(() => deriveArchitecture(designArchitecture(), { contexts: [1.5] })).toThrow(
      /not a positive integer/,
    );
  });
});
