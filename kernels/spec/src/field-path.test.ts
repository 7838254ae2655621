import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatFieldPath, toJsonPointer, zodIssuesToErrors } from "./field-path";

describe("formatFieldPath", () => {
  it("writes indices in brackets and keys with dots", () => {
    expect(formatFieldPath(["layers", 3, "kv_heads"])).toBe("layers[3].kv_heads");
    expect(formatFieldPath(["sources", "code"])).toBe("sources.code");
    expect(formatFieldPath(["sources", "moby-dick"])).toBe("sources.moby-dick");
    expect(formatFieldPath([])).toBe("");
  });

  it("quotes keys that would read as structure", () => {
    expect(formatFieldPath(["sources", "a.b"])).toBe('sources["a.b"]');
    expect(formatFieldPath(["a b"])).toBe('["a b"]');
  });
});

describe("toJsonPointer", () => {
  it("escapes ~ and / as RFC 6901 says", () => {
    expect(toJsonPointer(["layers", 3, "type"])).toBe("/layers/3/type");
    expect(toJsonPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
    expect(toJsonPointer([])).toBe("");
  });
});

describe("zodIssuesToErrors", () => {
  it("puts one error on each unknown key", () => {
    const result = z.strictObject({ a: z.number() }).safeParse({ a: "x", b: 1, c: 2 });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(zodIssuesToErrors(result.error.issues).map((e) => [e.path, e.message])).toEqual([
        ["a", "Invalid input: expected number, received string"],
        ["b", "unknown field"],
        ["c", "unknown field"],
      ]);
    }
  });
});
