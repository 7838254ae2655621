import { describe, expect, it } from "vitest";
import { spdxExpressionProblem, ZDatasetCard } from "./dataset-card";
import { zodIssuesToErrors } from "./field-path";
import { sampleCard } from "./test-fixtures";

const errorsOf = (input: unknown) => {
  const result = ZDatasetCard.safeParse(input);
  return result.success ? [] : zodIssuesToErrors(result.error.issues);
};

describe("spdxExpressionProblem", () => {
  it("accepts SPDX expression shapes", () => {
    for (const expression of [
      "MIT",
      "CC0-1.0",
      "GPL-2.0+",
      "GPL-2.0-or-later WITH Classpath-exception-2.0",
      "LicenseRef-Public-Domain AND Apache-2.0",
      "(MIT OR Apache-2.0) AND BSD-3-Clause",
      "((MIT))",
      "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
    ]) {
      expect(spdxExpressionProblem(expression), expression).toBeNull();
    }
  });

  it("explains malformed expressions", () => {
    expect(spdxExpressionProblem("")).toBe("is empty");
    expect(spdxExpressionProblem("MIT AND")).toBe("ends where a licence was expected");
    expect(spdxExpressionProblem("MIT Apache-2.0")).toBe('has unexpected "Apache-2.0"');
    expect(spdxExpressionProblem("(MIT OR Apache-2.0")).toBe("has an unclosed parenthesis");
    expect(spdxExpressionProblem("MIT)")).toBe('has unexpected ")"');
    expect(spdxExpressionProblem("MIT WITH")).toBe("needs an exception identifier after WITH");
    expect(spdxExpressionProblem("OR MIT")).toBe('has "OR" where a licence was expected');
    expect(spdxExpressionProblem("public domain")).toBe('has unexpected "domain"');
    expect(spdxExpressionProblem("MIT/X11")).toBe('has "MIT/X11" where a licence was expected');
  });
});

describe("ZDatasetCard", () => {
  it("accepts a card and defaults audit_only to false", () => {
    const card = ZDatasetCard.parse(sampleCard("books", "MIT"));
    expect(card.audit_only).toBe(false);
    expect(
      ZDatasetCard.parse({ ...sampleCard("books", "MIT"), audit_only: true, domain: "books" }).audit_only,
    ).toBe(true);
  });

  it("reports the licence problem at license", () => {
    expect(errorsOf(sampleCard("books", "MIT AND"))).toEqual([
      { path: "license", message: "not an SPDX licence expression: ends where a licence was expected" },
    ]);
  });

  it("checks shard hashes, repeated keys and the document count", () => {
    const card = sampleCard("books", "MIT");
    expect(
      errorsOf({ ...card, shards: [{ ...card.shards[0], hash: "ABC" }, card.shards[1]] }).map((e) => e.path),
    ).toEqual(["shards[0].hash"]);
    expect(
      errorsOf({ ...card, shards: [card.shards[0], { ...card.shards[1], key: card.shards[0]?.key }] }),
    ).toEqual([{ path: "shards[1].key", message: "shards[1].key repeats books/0.jsonl" }]);
    expect(errorsOf({ ...card, counts: { ...card.counts, documents: 4 } })).toEqual([
      { path: "counts.documents", message: "counts.documents (4) must equal the shards' rows (3)" },
    ]);
    expect(errorsOf({ ...card, shards: [] })).toEqual([]);
  });

  it("checks provenance fields", () => {
    const card = sampleCard("books", "MIT");
    expect(
      errorsOf({ ...card, provenance: { ...card.provenance, registry: "pypi" } }).map((e) => e.path),
    ).toEqual(["provenance.registry"]);
    expect(
      errorsOf({ ...card, provenance: { ...card.provenance, files: "data" } }).map((e) => e.path),
    ).toEqual(["provenance.files"]);
  });
});
