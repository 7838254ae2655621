import { describe, expect, it } from "vitest";
import { ZArchitecture } from "./architecture";
import { countParameters, flopsPerToken, kvCacheBytes, ssmStateBytes } from "./derived";
import { diffArchitectures, diffJson, diffRevisions, licenseShares } from "./diff";
import { ZDatamix } from "./datamix";
import { ZDatasetCard } from "./dataset-card";
import { designArchitecture, PEER_5_9M, peerGpt, sampleCard } from "./test-fixtures";

describe("diffJson", () => {
  it("reports adds, removes and replaces by JSON pointer", () => {
    const before = { optimizer: { lr: 3e-3, betas: [0.9, 0.95] }, seeds: [1, 2, 3], gone: true };
    const after = { optimizer: { lr: 1e-3, betas: [0.9, 0.95] }, seeds: [1, 2], added: { x: 1 } };
    expect(diffJson(before, after)).toEqual([
      { pointer: "/added", op: "add", after: { x: 1 } },
      { pointer: "/gone", op: "remove", before: true },
      { pointer: "/optimizer/lr", op: "replace", before: 3e-3, after: 1e-3 },
      { pointer: "/seeds/2", op: "remove", before: 3 },
    ]);
  });

  it("escapes keys and reports a type change as one replace", () => {
    expect(diffJson({ sources: { "a/b": 0.5 } }, { sources: { "a/b": 0.6 } })).toEqual([
      { pointer: "/sources/a~1b", op: "replace", before: 0.5, after: 0.6 },
    ]);
    expect(diffJson({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { pointer: "/a", op: "replace", before: [1], after: { 0: 1 } },
    ]);
    expect(diffJson(undefined, { a: 1 })).toEqual([{ pointer: "", op: "add", after: { a: 1 } }]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe("diffArchitectures", () => {
  const before = peerGpt(PEER_5_9M);
  const layers = [...before.layers];
  layers[2] = { type: "mamba2", d_state: 64, expand: 2, head_dim: 64, chunk: 64 };
  layers[3] = { type: "mlp", d_ff: 1024, act: "swiglu", bias: true };
  layers.push({ type: "attention", heads: 8, kv_heads: 2, rope: false, bias: false });
  const after = ZArchitecture.parse({
    ...before,
    layers,
    precision: { matmul: "bf16", keep_high_precision: ["head"] },
  });

  it("aligns layers by index: type changes, field changes, additions", () => {
    const diff = diffArchitectures(before, after, { contexts: [256] });
    expect(diff.layers).toEqual([
      { index: 2, status: "type_changed", before: before.layers[2], after: layers[2] },
      {
        index: 3,
        status: "changed",
        type: "mlp",
        fields: [{ pointer: "/layers/3/act", op: "replace", before: "gelu", after: "swiglu" }],
      },
      { index: 12, status: "added", after: after.layers[12] },
    ]);
    expect(diff.fields).toEqual([
      { pointer: "/precision/keep_high_precision/0", op: "add", after: "head" },
      { pointer: "/precision/matmul", op: "replace", before: "fp32", after: "bf16" },
    ]);
  });

  it("reports parameter, FLOP and memory deltas", () => {
    const diff = diffArchitectures(before, after, { contexts: [256, 4096] });
    const total = { before: countParameters(before).total, after: countParameters(after).total };
    expect(diff.parameters.total).toEqual({ ...total, delta: total.after - total.before });
    expect(diff.parameters.embedding.delta).toBe(0);
    expect(diff.flops.map((f) => f.context)).toEqual([256, 4096]);
    expect(diff.flops[1]?.forward.after).toBe(flopsPerToken(after, 4096).forward);
    expect(diff.memory[1]?.kvCacheBytes).toEqual({
      before: kvCacheBytes(before, 4096),
      after: kvCacheBytes(after, 4096),
      delta: kvCacheBytes(after, 4096) - kvCacheBytes(before, 4096),
    });
    expect(diff.memory[0]?.ssmStateBytes).toEqual({
      before: 0,
      after: ssmStateBytes(after),
      delta: ssmStateBytes(after),
    });
  });

  it("removes layers and handles a missing side", () => {
    const shorter = ZArchitecture.parse({ ...before, layers: before.layers.slice(0, 10) });
    expect(diffArchitectures(before, shorter).layers.map((l) => [l.index, l.status])).toEqual([
      [10, "removed"],
      [11, "removed"],
    ]);
    const added = diffArchitectures(null, before);
    expect(added.layers).toHaveLength(12);
    expect(added.parameters.total).toEqual({
      before: null,
      after: countParameters(before).total,
      delta: null,
    });
  });
});

describe("licenseShares", () => {
  it("sums each source's share under its card's licence, NOASSERTION without a card", () => {
    const mix = ZDatamix.parse({
      sources: { books: 0.5, code: 0.25, math: 0.125, web: 0.125 },
      tokenizer: "t",
      seq_len: 256,
    });
    const cards = {
      books: ZDatasetCard.parse(sampleCard("books", "MIT")),
      code: ZDatasetCard.parse(sampleCard("code", "MIT")),
      math: ZDatasetCard.parse(sampleCard("math", "CC0-1.0")),
    };
    expect(licenseShares(mix, cards)).toEqual({ MIT: 0.75, "CC0-1.0": 0.125, NOASSERTION: 0.125 });
  });

  it("does not mistake Object.prototype members for cards or licences", () => {
    const mix = ZDatamix.parse({ sources: { constructor: 0.5, books: 0.5 }, tokenizer: "t", seq_len: 256 });
    const cards = { books: ZDatasetCard.parse(sampleCard("books", "LicenseRef-toString")) };
    expect(licenseShares(mix, cards)).toEqual({ NOASSERTION: 0.5, "LicenseRef-toString": 0.5 });
    expect(diffJson({}, { constructor: 1 })).toEqual([{ pointer: "/constructor", op: "add", after: 1 }]);
  });
});

describe("diffRevisions", () => {
  const mixDoc = (sources: Record<string, number>) => ({
    version: 1,
    sources,
    tokenizer: "forge-bpe-8k",
    seq_len: 256,
  });
  const base = {
    "architecture.yaml": peerGpt(PEER_5_9M),
    "datamix.yaml": mixDoc({ books: 0.5, code: 0.5 }),
    "datasets/books.yaml": ZDatasetCard.parse(sampleCard("books", "CC0-1.0")),
    "datasets/code.yaml": ZDatasetCard.parse(sampleCard("code", "MIT")),
    "recipe.yaml": { tokens: 1 },
  };
  const head = {
    "architecture.yaml": designArchitecture(),
    "datamix.yaml": mixDoc({ books: 0.25, code: 0.5, math: 0.25 }),
    "datasets/books.yaml": base["datasets/books.yaml"],
    "datasets/code.yaml": base["datasets/code.yaml"],
    "datasets/math.yaml": ZDatasetCard.parse(sampleCard("math", "Apache-2.0")),
  };

  it("lists changed artifacts only, with their kind and fields", () => {
    const diff = diffRevisions(base, head, { contexts: [256] });
    expect(diff.artifacts.map((a) => [a.path, a.kind, a.status])).toEqual([
      ["architecture.yaml", "architecture", "changed"],
      ["datamix.yaml", "datamix", "changed"],
      ["datasets/math.yaml", "dataset-card", "added"],
      ["recipe.yaml", "recipe", "removed"],
    ]);
    expect(diff.artifacts[2]?.fields).toEqual([
      { pointer: "", op: "add", after: head["datasets/math.yaml"] },
    ]);
  });

  it("gives mix and licence shares before and after", () => {
    const diff = diffRevisions(base, head);
    expect(diff.mix).toEqual([
      { key: "books", before: 0.5, after: 0.25, delta: -0.25 },
      { key: "code", before: 0.5, after: 0.5, delta: 0 },
      { key: "math", before: 0, after: 0.25, delta: 0.25 },
    ]);
    expect(diff.licenses).toEqual([
      { key: "Apache-2.0", before: 0, after: 0.25, delta: 0.25 },
      { key: "CC0-1.0", before: 0.5, after: 0.25, delta: -0.25 },
      { key: "MIT", before: 0.5, after: 0.5, delta: 0 },
    ]);
  });

  it("turns a changed card's licence into a licence-share change", () => {
    const relicensed = {
      ...base,
      "datasets/code.yaml": ZDatasetCard.parse(sampleCard("code", "GPL-3.0-only")),
    };
    const diff = diffRevisions(base, relicensed);
    expect(diff.mix?.every((s) => s.delta === 0)).toBe(true);
    expect(diff.licenses).toEqual([
      { key: "CC0-1.0", before: 0.5, after: 0.5, delta: 0 },
      { key: "GPL-3.0-only", before: 0, after: 0.5, delta: 0.5 },
      { key: "MIT", before: 0.5, after: 0, delta: -0.5 },
    ]);
  });

  it("still diffs fields of documents that fail validation, without typed sections", () => {
    const broken = { ...base, "architecture.yaml": { ...peerGpt(PEER_5_9M), d_model: 102 } };
    const diff = diffRevisions(base, broken);
    expect(diff.artifacts[0]?.fields).toEqual([
      { pointer: "/d_model", op: "replace", before: 256, after: 102 },
    ]);
    expect(diff.architecture?.parameters.total.after).toBeNull();
    expect(diffRevisions({}, {})).toEqual({ artifacts: [], architecture: null, mix: null, licenses: null });
  });
});
