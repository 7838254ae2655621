import { describe, expect, it } from "vitest";
import * as spec from "@forge/spec";

describe("@forge/spec", () => {
  it("exports the public API through the package export", () => {
    for (const name of [
      "ZArchitecture",
      "ZRecipe",
      "ZDatamix",
      "ZEvalsuite",
      "ZDatasetCard",
      "parseArtifact",
      "parseArtifactBytes",
      "validateArtifact",
      "canonicalJson",
      "hashArtifact",
      "hashTree",
      "hashRevision",
      "deriveArchitecture",
      "diffRevisions",
      "mergeDocuments",
      "mergeTrees",
    ]) {
      expect(spec, name).toHaveProperty(name);
    }
  });

  it("parses, hashes and derives end to end", () => {
    const result = spec.parseArtifact(
      "architecture.yaml",
      "vocab: 64\nd_model: 32\nnorm: rmsnorm\ntie_embeddings: true\nlayers: [{ type: mlp, d_ff: 64, act: gelu }]\n",
    );
    expect(result.ok).toBe(true);
    if (result.ok && result.kind === "architecture") {
      expect(spec.hashArtifact(result.doc)).toMatch(/^[0-9a-f]{64}$/);
      expect(spec.deriveArchitecture(result.doc).parameters.total).toBe(64 * 32 + 2 * 32 * 64 + 2 * 32);
    }
  });
});
