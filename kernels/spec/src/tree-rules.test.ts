import { describe, expect, it } from "vitest";
import { ZArchitecture } from "./architecture";
import { ZDatasetCard } from "./dataset-card";
import { validateTree } from "./tree-rules";
import { designArchitecture, PEER_5_9M, peerGpt, sampleCard } from "./test-fixtures";

const mix = (sources: Record<string, number>, seq_len = 256) => ({
  sources,
  tokenizer: "forge-bpe-8k",
  seq_len,
});
const recipe = (extra: Record<string, unknown> = {}) => ({
  tokens: 1_000_000,
  batch_tokens: 16384,
  optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1 },
  schedule: { warmup: 0, decay: "cosine", min_lr_ratio: 0.1 },
  seeds: [1],
  ...extra,
});
const suite = (contexts: number[]) => ({
  heldout: "bits_per_byte",
  tasks: [],
  inference_profile: { contexts },
});

describe("validateTree", () => {
  const valid = {
    "architecture.yaml": peerGpt(PEER_5_9M),
    "datamix.yaml": mix({ books: 0.5, code: 0.5 }),
    "recipe.yaml": recipe(),
    "evalsuite.yaml": suite([128, 256]),
    "datasets/books.yaml": sampleCard("books", "MIT"),
    "datasets/code.yaml": sampleCard("code", "Apache-2.0"),
    "tokenizer.json": { anything: true },
  };

  it("accepts a consistent revision and ignores paths it does not know", () => {
    expect(validateTree(valid)).toEqual([]);
    expect(validateTree({})).toEqual([]);
  });

  it("reports each artifact's own schema errors under its path", () => {
    const tree = {
      ...valid,
      "recipe.yaml": recipe({ seeds: [] }),
      "datasets/code.yaml": sampleCard("books", "MIT"),
    };
    const problems = validateTree(tree);
    expect(problems.map((p) => [p.path, p.errors.map((e) => e.path)])).toEqual([
      ["datasets/code.yaml", ["name"]],
      ["recipe.yaml", ["seeds"]],
    ]);
    expect(problems[0]?.errors[0]?.message).toBe('name must match the file name "code"');
  });

  it("needs a card for every mix source, and no audit-only source", () => {
    const audit = ZDatasetCard.parse({ ...sampleCard("code", "MIT"), audit_only: true });
    const tree = {
      ...valid,
      "datamix.yaml": mix({ books: 0.5, code: 0.25, web: 0.25 }),
      "datasets/code.yaml": audit,
    };
    expect(validateTree(tree)).toEqual([
      {
        path: "datamix.yaml",
        errors: [
          { path: "sources.code", message: "sources.code is audit-only material and cannot be in the mix" },
          { path: "sources.web", message: "sources.web has no dataset card (datasets/web.yaml)" },
        ],
      },
    ]);
  });

  it("fits the training sequence into max_seq, the recipe's seq_len overriding the mix's", () => {
    expect(validateTree({ ...valid, "datamix.yaml": mix({ books: 0.5, code: 0.5 }, 512) })).toEqual([
      {
        path: "datamix.yaml",
        errors: [{ path: "seq_len", message: "seq_len (512) exceeds architecture max_seq (256)" }],
      },
    ]);
    const withRecipeSeq = {
      ...valid,
      "datamix.yaml": mix({ books: 0.5, code: 0.5 }, 512),
      "recipe.yaml": recipe({ seq_len: 128 }),
    };
    expect(validateTree(withRecipeSeq)).toEqual([]);
  });

  it("checks batch_tokens against the mix's seq_len when the recipe has none", () => {
    expect(validateTree({ ...valid, "datamix.yaml": mix({ books: 0.5, code: 0.5 }, 96) })).toEqual([
      {
        path: "recipe.yaml",
        errors: [
          { path: "batch_tokens", message: "batch_tokens must be a multiple of seq_len (16384 % 96 != 0)" },
        ],
      },
    ]);
  });

  it("gates a check on task_accuracy only when the suite has tasks", () => {
    const gated = {
      ...valid,
      "recipe.yaml": recipe({ check: { metric: "task_accuracy", max_regression: 0 } }),
    };
    expect(validateTree(gated)).toEqual([
      {
        path: "recipe.yaml",
        errors: [
          {
            path: "check.metric",
            message: "check.metric task_accuracy needs at least one task in evalsuite.yaml (tasks is empty)",
          },
        ],
      },
    ]);
    const { "evalsuite.yaml": _suite, ...withoutSuite } = gated;
    expect(validateTree(withoutSuite).map((e) => e.path)).toEqual(["recipe.yaml"]);
    expect(
      validateTree({ ...gated, "evalsuite.yaml": { ...suite([128]), tasks: ["wordnet-definitions"] } }),
    ).toEqual([]);
  });

  it("limits inference contexts to max_seq only with learned positions", () => {
    expect(validateTree({ ...valid, "evalsuite.yaml": suite([256, 1024]) })).toEqual([
      {
        path: "evalsuite.yaml",
        errors: [
          {
            path: "inference_profile.contexts[1]",
            message:
              "inference_profile.contexts[1] (1024) exceeds max_seq (256) of an architecture with learned positions",
          },
        ],
      },
    ]);
    const rope = ZArchitecture.parse({ ...designArchitecture(), max_seq: 256 });
    expect(
      validateTree({ ...valid, "architecture.yaml": rope, "evalsuite.yaml": suite([256, 1024]) }),
    ).toEqual([]);
  });
});
