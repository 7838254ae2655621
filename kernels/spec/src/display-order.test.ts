import { describe, expect, it } from "vitest";
import { hashArtifact } from "./canonical";
import { inSchemaOrder } from "./display-order";

// What PostgreSQL JSONB hands back: keys sorted by length, then bytes.
const fromJsonb = {
  norm: "rmsnorm",
  vocab: 2048,
  layers: [
    { rope: true, type: "attention", heads: 4, kv_heads: 2 },
    { act: "swiglu", d_ff: 256, type: "mlp" },
  ],
  d_model: 64,
  max_seq: 128,
  version: 1,
  positional: "rope",
  tie_embeddings: true,
};

describe("inSchemaOrder", () => {
  it("puts the keys in the schema's order and a layer's type first", () => {
    const ordered = inSchemaOrder("architecture.yaml", fromJsonb) as typeof fromJsonb;
    expect(Object.keys(ordered)).toEqual([
      "version",
      "vocab",
      "d_model",
      "norm",
      "tie_embeddings",
      "positional",
      "max_seq",
      "layers",
    ]);
    expect(ordered.layers.map((layer) => Object.keys(layer)[0])).toEqual(["type", "type"]);
  });

  it("changes only the order: no defaults added, the same hash", () => {
    const ordered = inSchemaOrder("architecture.yaml", fromJsonb);
    expect(ordered).toEqual(fromJsonb);
    expect(hashArtifact(ordered)).toBe(hashArtifact(fromJsonb));
  });

  it("leaves an invalid document as it is", () => {
    const broken = { vocab: 0, layers: "none" };
    expect(inSchemaOrder("architecture.yaml", broken)).toBe(broken);
  });
});
