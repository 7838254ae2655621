import { describe, expect, it } from "vitest";
import { mergeDocuments, mergeTrees } from "./merge";
import { ZDatamix } from "./datamix";
import { ZDatasetCard } from "./dataset-card";
import { ZRecipe } from "./recipe";
import { PEER_5_9M, peerGpt, sampleCard } from "./test-fixtures";

describe("mergeDocuments", () => {
  const base = { optimizer: { lr: 3e-3, weight_decay: 0.1 }, seeds: [1, 2, 3], tokens: 100 };

  it("combines changes to different fields", () => {
    const ours = { ...base, optimizer: { ...base.optimizer, lr: 1e-3 } };
    const theirs = { ...base, tokens: 200, eval_every: 10 };
    expect(mergeDocuments(base, ours, theirs)).toEqual({
      ok: true,
      merged: { optimizer: { lr: 1e-3, weight_decay: 0.1 }, seeds: [1, 2, 3], tokens: 200, eval_every: 10 },
    });
  });

  it("takes an identical change once and a one-sided deletion", () => {
    const ours = { ...base, tokens: 300 };
    const { tokens: _tokens, ...theirsWithoutTokens } = base;
    expect(mergeDocuments(base, ours, { ...base, tokens: 300 })).toEqual({ ok: true, merged: ours });
    const deleted = mergeDocuments(base, base, theirsWithoutTokens);
    expect(deleted).toEqual({ ok: true, merged: theirsWithoutTokens });
  });

  it("reports a conflict where both changed a field differently", () => {
    const result = mergeDocuments(base, { ...base, tokens: 200 }, { ...base, tokens: 300 });
    expect(result).toEqual({
      ok: false,
      conflicts: [{ pointer: "/tokens", base: 100, ours: 200, theirs: 300 }],
    });
  });

  it("reports change-versus-delete and add-versus-add conflicts", () => {
    const { tokens: _tokens, ...withoutTokens } = base;
    expect(mergeDocuments(base, { ...base, tokens: 200 }, withoutTokens)).toEqual({
      ok: false,
      conflicts: [{ pointer: "/tokens", base: 100, ours: 200, theirs: undefined }],
    });
    expect(mergeDocuments(base, { ...base, seq_len: 256 }, { ...base, seq_len: 512 })).toEqual({
      ok: false,
      conflicts: [{ pointer: "/seq_len", base: undefined, ours: 256, theirs: 512 }],
    });
  });

  it("merges layers element by element when no side changed their number", () => {
    const arch = peerGpt(PEER_5_9M);
    const ours = structuredClone(arch);
    const theirs = structuredClone(arch);
    ours.layers[2] = { type: "mamba2", d_state: 64, expand: 2, head_dim: 64, chunk: 64 };
    theirs.layers[5] = { type: "mlp", d_ff: 2048, act: "swiglu", bias: false };
    const result = mergeDocuments(arch, ours, theirs);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const merged = result.merged as typeof arch;
      expect(merged.layers[2]).toEqual(ours.layers[2]);
      expect(merged.layers[5]).toEqual(theirs.layers[5]);
      expect(merged.layers[0]).toEqual(arch.layers[0]);
    }
  });

  it("reports the layer field both sides changed", () => {
    const arch = peerGpt(PEER_5_9M);
    const ours = structuredClone(arch);
    const theirs = structuredClone(arch);
    ours.layers[3] = { type: "mamba2", d_state: 64, expand: 2, head_dim: 64, chunk: 64 };
    theirs.layers[3] = {
      type: "moe",
      experts: 8,
      top_k: 2,
      d_ff: 512,
      capacity_factor: 1.25,
      aux_loss: 0.01,
      act: "swiglu",
    };
    const result = mergeDocuments(arch, ours, theirs);
    expect(result.ok).toBe(false);
    // The whole layer: each side replaced it with a different kind of layer.
    if (!result.ok) expect(result.conflicts.map((c) => c.pointer)).toEqual(["/layers/3"]);
  });

  it("conflicts at the array when both sides change its length, unless only one side touched it", () => {
    const arch = peerGpt(PEER_5_9M);
    const appended = { ...arch, layers: [...arch.layers, arch.layers[0]] };
    const truncated = { ...arch, layers: arch.layers.slice(0, 10) };
    const result = mergeDocuments(arch, appended, truncated);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.conflicts).toEqual([
        { pointer: "/layers", base: arch.layers, ours: appended.layers, theirs: truncated.layers },
      ]);
    const oneSided = mergeDocuments(arch, appended, { ...arch, d_model: 512 });
    expect(oneSided).toEqual({ ok: true, merged: { ...appended, d_model: 512 } });
  });

  it("keeps keys named like Object.prototype members as plain data", () => {
    const base = JSON.parse('{"a": 1}') as unknown;
    const ours = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as unknown;
    const theirs = JSON.parse('{"a": 2, "constructor": 3}') as unknown;
    const result = mergeDocuments(base, ours, theirs);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const merged = result.merged as Record<string, unknown>;
      expect(Object.keys(merged).sort()).toEqual(["__proto__", "a", "constructor"]);
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      expect(merged.constructor).toBe(3);
    }
  });

  it("conflicts at the root when both sides create a document differently", () => {
    expect(mergeDocuments(undefined, { a: 1 }, { a: 2 })).toEqual({
      ok: false,
      conflicts: [{ pointer: "", base: undefined, ours: { a: 1 }, theirs: { a: 2 } }],
    });
  });
});

describe("mergeTrees", () => {
  const arch = peerGpt(PEER_5_9M);
  const recipe = (tokens: number) =>
    ZRecipe.parse({
      tokens,
      batch_tokens: 16384,
      optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1 },
      schedule: { warmup: 0, decay: "cosine", min_lr_ratio: 0.1 },
      seeds: [1],
    });
  const card = (name: string) => ZDatasetCard.parse(sampleCard(name, "MIT"));
  const mix = (sources: Record<string, number>) =>
    ZDatamix.parse({ sources, tokenizer: "forge-bpe-8k", seq_len: 256 });
  const base = {
    "architecture.yaml": arch,
    "recipe.yaml": recipe(1_000_000),
    "datamix.yaml": mix({ books: 1 }),
    "datasets/books.yaml": card("books"),
    "datasets/code.yaml": card("code"),
    "tokenizer.json": { merges: [] },
  };

  it("takes additions, deletions and edits made on one side", () => {
    const ours = { ...base, "datasets/math.yaml": card("math") };
    const { "tokenizer.json": _tokenizer, ...theirs } = { ...base, "recipe.yaml": recipe(2_000_000) };
    expect(mergeTrees(base, ours, theirs)).toEqual({
      ok: true,
      tree: { ...theirs, "datasets/math.yaml": card("math") },
    });
  });

  it("reports delete-versus-edit at pointer '' with the artifact path", () => {
    const { "recipe.yaml": _recipe, ...ours } = base;
    const theirs = { ...base, "recipe.yaml": recipe(2_000_000) };
    expect(mergeTrees(base, ours, theirs)).toEqual({
      ok: false,
      conflicts: [
        {
          path: "recipe.yaml",
          pointer: "",
          base: base["recipe.yaml"],
          ours: undefined,
          theirs: recipe(2_000_000),
        },
      ],
      invalid: [],
    });
  });

  it("takes a deletion made on both sides and an identical addition", () => {
    const { "tokenizer.json": _a, ...ours } = { ...base, "datasets/math.yaml": card("math") };
    const { "tokenizer.json": _b, ...theirs } = { ...base, "datasets/math.yaml": card("math") };
    const result = mergeTrees(base, ours, theirs);
    expect(result.ok && Object.keys(result.tree).sort()).toEqual([
      "architecture.yaml",
      "datamix.yaml",
      "datasets/books.yaml",
      "datasets/code.yaml",
      "datasets/math.yaml",
      "recipe.yaml",
    ]);
  });

  it("prefixes field conflicts with the artifact path", () => {
    const result = mergeTrees(
      base,
      { ...base, "recipe.yaml": recipe(2_000_000) },
      { ...base, "recipe.yaml": recipe(3_000_000) },
    );
    expect(result).toEqual({
      ok: false,
      conflicts: [
        { path: "recipe.yaml", pointer: "/tokens", base: 1_000_000, ours: 2_000_000, theirs: 3_000_000 },
      ],
      invalid: [],
    });
  });

  it("conflicts at a layer whose type one side changed while the other edited its fields", () => {
    const mlpAt = arch.layers.findIndex((l) => l.type === "mlp");
    const mlp = arch.layers[mlpAt]!;
    const withLayer = (layer: unknown) => ({
      ...base,
      "architecture.yaml": { ...arch, layers: arch.layers.map((l, i) => (i === mlpAt ? layer : l)) },
    });
    const moe = {
      type: "moe",
      experts: 8,
      top_k: 2,
      d_ff: 1024,
      capacity_factor: 1.25,
      aux_loss: 0.01,
      act: "swiglu",
    };
    const result = mergeTrees(base, withLayer(moe), withLayer({ ...mlp, d_ff: 2048 }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.conflicts.map((c) => [c.path, c.pointer])).toEqual([
        ["architecture.yaml", `/layers/${mlpAt}`],
      ]);
  });

  it("conflicts on keep_high_precision indices when the other side reshaped the layer list", () => {
    const attention = arch.layers.find((l) => l.type === "attention")!;
    const mlp = arch.layers.find((l) => l.type === "mlp")!;
    const reshaped = { ...arch, layers: [attention, mlp, ...arch.layers] };
    const pinned = { ...arch, precision: { ...arch.precision, keep_high_precision: [3] } };
    const result = mergeTrees(
      base,
      { ...base, "architecture.yaml": reshaped },
      { ...base, "architecture.yaml": pinned },
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.conflicts).toEqual([
        {
          path: "architecture.yaml",
          pointer: "/precision/keep_high_precision",
          base: arch.precision.keep_high_precision,
          ours: arch.precision.keep_high_precision,
          theirs: [3],
        },
      ]);
  });

  it("validates documents that combine both sides' edits", () => {
    // Each side is valid alone: 320 / 4 heads and 256 / 128 heads; together 320 / 128 is not an integer.
    const ours = { ...base, "architecture.yaml": { ...arch, d_model: 320 } };
    const layers = arch.layers.map((l) => (l.type === "attention" ? { ...l, heads: 128, kv_heads: 128 } : l));
    const theirs = { ...base, "architecture.yaml": { ...arch, layers } };
    expect(mergeTrees(base, ours, theirs)).toEqual({
      ok: false,
      conflicts: [],
      invalid: [
        {
          path: "architecture.yaml",
          errors: Array.from({ length: 6 }, (_, block) => ({
            path: `layers[${2 * block}].heads`,
            message: `d_model must be divisible by layers[${2 * block}].heads (320 % 128 != 0)`,
          })),
        },
      ],
    });
  });

  it("validates rules across artifacts: a mix source whose card the other side deleted", () => {
    const ours = { ...base, "datamix.yaml": mix({ books: 0.5, code: 0.5 }) };
    const { "datasets/code.yaml": _code, ...theirs } = base;
    expect(mergeTrees(base, ours, theirs)).toEqual({
      ok: false,
      conflicts: [],
      invalid: [
        {
          path: "datamix.yaml",
          errors: [
            { path: "sources.code", message: "sources.code has no dataset card (datasets/code.yaml)" },
          ],
        },
      ],
    });
  });
});
