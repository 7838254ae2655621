import { describe, expect, it } from "vitest";
import { MAX_ARTIFACT_BYTES } from "./artifact-text";
import {
  artifactKindOf,
  datasetCardPath,
  datasetNameOfPath,
  parseArtifact,
  parseArtifactBytes,
  validateArtifact,
} from "./artifact";
import {
  DESIGN_ARCHITECTURE_YAML,
  DESIGN_DATAMIX_YAML,
  DESIGN_EVALSUITE_YAML,
  DESIGN_RECIPE_YAML,
  PEER_5_9M,
  peerGptInput,
  sampleCard,
} from "./test-fixtures";

const errorsOf = (result: ReturnType<typeof parseArtifact>) => (result.ok ? [] : result.errors);

describe("artifact registry", () => {
  it("maps paths to kinds", () => {
    expect(artifactKindOf("architecture.yaml")).toBe("architecture");
    expect(artifactKindOf("datamix.yaml")).toBe("datamix");
    expect(artifactKindOf("recipe.yaml")).toBe("recipe");
    expect(artifactKindOf("evalsuite.yaml")).toBe("evalsuite");
    expect(artifactKindOf("datasets/moby-dick.yaml")).toBe("dataset-card");
    expect(datasetCardPath("sotu")).toBe("datasets/sotu.yaml");
    expect(datasetNameOfPath("datasets/sotu.yaml")).toBe("sotu");
  });

  it("knows nothing else, including traversal and nested dataset paths", () => {
    for (const path of [
      "model.yaml",
      "architecture.json",
      "datasets/../recipe.yaml",
      "datasets/a/b.yaml",
      "datasets/.yaml",
      "datasets/Books.yaml",
      "/architecture.yaml",
      "constructor",
      "toString",
      "__proto__",
    ]) {
      expect(artifactKindOf(path), path).toBeNull();
    }
  });
});

describe("parseArtifact", () => {
  it("accepts every DESIGN.md example and fills defaults", () => {
    const arch = parseArtifact("architecture.yaml", DESIGN_ARCHITECTURE_YAML);
    expect(arch.ok && arch.kind).toBe("architecture");
    const mix = parseArtifact("datamix.yaml", DESIGN_DATAMIX_YAML);
    expect(mix.ok && mix.kind === "datamix" && mix.doc.sources.code).toBe(0.2);
    const recipe = parseArtifact("recipe.yaml", DESIGN_RECIPE_YAML);
    expect(recipe).toMatchObject({
      ok: true,
      kind: "recipe",
      doc: { tokens: 20_000_000, check: { metric: "val_bpb", max_regression: 0 } },
    });
    const suite = parseArtifact("evalsuite.yaml", DESIGN_EVALSUITE_YAML);
    expect(suite).toMatchObject({ ok: true, kind: "evalsuite", doc: { ptq: ["fp8", "nvfp4"] } });
  });

  it("accepts JSON text and gives the same document as YAML", () => {
    const fromJson = parseArtifact("architecture.yaml", JSON.stringify(peerGptInput(PEER_5_9M), null, 2));
    expect(fromJson.ok).toBe(true);
    const yaml = `vocab: 4096\nd_model: 256\nnorm: layernorm\ntie_embeddings: true\npositional: learned\nmax_seq: 256\nlayers:\n${"  - { type: attention, heads: 4, rope: false, bias: true }\n  - { type: mlp, d_ff: 1024, act: gelu, bias: true }\n".repeat(6)}precision: { matmul: fp32, keep_high_precision: [] }\n`;
    const fromYaml = parseArtifact("architecture.yaml", yaml);
    expect(fromYaml.ok && fromJson.ok && fromYaml.doc).toEqual(fromJson.ok && fromJson.doc);
  });

  it("reports schema errors with display paths", () => {
    const text = DESIGN_ARCHITECTURE_YAML.replace("kv_heads: 2", "kv_heads: 3");
    expect(errorsOf(parseArtifact("architecture.yaml", text))).toEqual([
      { path: "layers[0].kv_heads", message: "layers[0].kv_heads must divide heads (4 % 3 != 0)" },
    ]);
    const mix = DESIGN_DATAMIX_YAML.replace("code: 0.20", "code: 1.5");
    expect(errorsOf(parseArtifact("datamix.yaml", mix)).map((e) => e.path)).toEqual(["sources.code"]);
  });

  it("refuses unknown paths before reading the text", () => {
    expect(errorsOf(parseArtifact("weights.bin", "{}"))[0]?.message).toMatch(
      /unknown artifact path "weights.bin"/,
    );
  });

  it("refuses more than 4096 layers without validating each", () => {
    const layers = Array.from({ length: 4097 }, () => ({ type: "mlp", d_ff: 8, act: "gelu" }));
    const text = JSON.stringify({ vocab: 8, d_model: 8, norm: "rmsnorm", tie_embeddings: true, layers });
    expect(errorsOf(parseArtifact("architecture.yaml", text))).toEqual([
      { path: "layers", message: "layers has 4097 entries, at most 4096 are allowed" },
    ]);
  });

  it("refuses deep nesting", () => {
    const deep = "[".repeat(100) + "]".repeat(100);
    expect(errorsOf(parseArtifact("recipe.yaml", deep))[0]?.message).toMatch(/nested deeper than 32/);
  });

  it("requires a dataset card's name to match its path", () => {
    const card = JSON.stringify(sampleCard("books", "MIT"));
    expect(parseArtifact("datasets/books.yaml", card).ok).toBe(true);
    expect(errorsOf(parseArtifact("datasets/code.yaml", card))).toEqual([
      { path: "name", message: 'name must match the file name "code"' },
    ]);
  });

  it("treats an empty document as a missing object", () => {
    expect(errorsOf(parseArtifact("recipe.yaml", ""))[0]).toMatchObject({ path: "" });
  });
});

describe("parseArtifactBytes", () => {
  it("decodes UTF-8 and refuses anything else", () => {
    expect(parseArtifactBytes("evalsuite.yaml", new TextEncoder().encode(DESIGN_EVALSUITE_YAML)).ok).toBe(
      true,
    );
    const latin1 = Uint8Array.from([...new TextEncoder().encode("tokenizer: caf"), 0xe9]);
    expect(errorsOf(parseArtifactBytes("datamix.yaml", latin1))).toEqual([
      { path: "", message: "artifact is not valid UTF-8" },
    ]);
    expect(
      errorsOf(parseArtifactBytes("datamix.yaml", new Uint8Array(MAX_ARTIFACT_BYTES + 1)))[0]?.message,
    ).toMatch(/at most/);
    expect(errorsOf(parseArtifactBytes("x.yaml", new Uint8Array(1)))[0]?.message).toMatch(
      /unknown artifact path/,
    );
  });
});

describe("validateArtifact", () => {
  it("validates values that never were text", () => {
    const result = validateArtifact("architecture.yaml", peerGptInput(PEER_5_9M));
    expect(result.ok && result.kind).toBe("architecture");
    expect(validateArtifact("architecture.yaml", null).ok).toBe(false);
  });
});
