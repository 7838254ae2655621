import { describe, expect, it } from "vitest";
import { ZDatamix } from "./datamix";
import { zodIssuesToErrors } from "./field-path";

const errorsOf = (input: unknown) => {
  const result = ZDatamix.safeParse(input);
  return result.success ? [] : zodIssuesToErrors(result.error.issues);
};
const mix = (sources: Record<string, unknown>) => ({ sources, tokenizer: "forge-bpe-8k", seq_len: 256 });

describe("ZDatamix", () => {
  it("accepts shares that sum to 1 within 1e-6", () => {
    expect(errorsOf(mix({ books: 0.1, code: 0.2, math: 0.7 }))).toEqual([]);
    expect(errorsOf(mix({ books: 0.5, code: 0.5000009 }))).toEqual([]);
    expect(errorsOf(mix({ "moby-dick": 1 }))).toEqual([]);
  });

  it("names sources when the sum is off", () => {
    expect(errorsOf(mix({ books: 0.5, code: 0.49 }))).toEqual([
      { path: "sources", message: "sources shares must sum to 1 (they sum to 0.99)" },
    ]);
    expect(errorsOf(mix({ books: 0.5, code: 0.500002 })).map((e) => e.path)).toEqual(["sources"]);
    expect(errorsOf(mix({}))).toEqual([
      { path: "sources", message: "sources must name at least one dataset" },
    ]);
  });

  it("names the source whose share is out of range, and only that", () => {
    expect(errorsOf(mix({ books: -0.5, code: 1.5 })).map((e) => e.path)).toEqual([
      "sources.books",
      "sources.code",
    ]);
    expect(errorsOf(mix({ books: 0.5, code: "half" })).map((e) => e.path)).toEqual(["sources.code"]);
  });

  it("refuses source names that are not dataset names", () => {
    expect(errorsOf(mix({ "../etc": 1 }))[0]?.path).toBe('sources["../etc"]');
    expect(errorsOf(mix({ Books: 1 }))[0]?.path).toBe("sources.Books");
  });

  it("needs a tokenizer and an integer seq_len", () => {
    expect(errorsOf({ sources: { a: 1 }, tokenizer: "", seq_len: 0.5 }).map((e) => e.path)).toEqual([
      "tokenizer",
      "seq_len",
    ]);
  });
});
