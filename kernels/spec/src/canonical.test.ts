import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashArtifact, hashRevision, hashTree, isSha256Hex } from "./canonical";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("sorts by UTF-16 code units, as RFC 8785 does", () => {
    expect(canonicalJson({ "\u00e9": 1, z: 2, Z: 3, "\ud83d\ude00": 4, "\uff61": 5 })).toBe(
      '{"Z":3,"z":2,"\u00e9":1,"\ud83d\ude00":4,"\uff61":5}',
    );
  });

  it("writes numbers as JSON does", () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 1e-7, 3e-3, 20_000_000])).toBe(
      "[1,0,0.1,1e+21,1e-7,0.003,20000000]",
    );
  });

  it("escapes strings as JSON", () => {
    expect(canonicalJson({ s: 'a"b\\c\n\u0001' })).toBe('{"s":"a\\"b\\\\c\\n\\u0001"}');
  });

  it("leaves out undefined object values", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("refuses values JSON cannot carry exactly", () => {
    expect(() => canonicalJson({ lr: NaN })).toThrow(/\/lr/);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(/undefined at "\/0"/);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe("hashes", () => {
  it("hashArtifact is sha256 of the canonical JSON, independent of key order", () => {
    expect(hashArtifact({ b: 2, a: 1 })).toBe(sha256('{"a":1,"b":2}'));
    expect(hashArtifact({ a: 1, b: 2 })).toBe(hashArtifact({ b: 2, a: 1 }));
    expect(hashArtifact({ a: 1 })).not.toBe(hashArtifact({ a: 2 }));
    expect(isSha256Hex(hashArtifact({}))).toBe(true);
  });

  const blob = "c".repeat(64);
  const other = "d".repeat(64);

  it("hashTree ignores entry order and refuses entries that are not hashes", () => {
    expect(hashTree({ "recipe.yaml": blob, "architecture.yaml": other })).toBe(
      hashTree({ "architecture.yaml": other, "recipe.yaml": blob }),
    );
    expect(() => hashTree({ "recipe.yaml": "C".repeat(64) })).toThrow(/recipe.yaml/);
  });

  it("hashRevision normalises createdAt and keeps parent order", () => {
    const header = {
      parents: [blob, other],
      tree: { "recipe.yaml": blob },
      author: "ada",
      message: "m",
      createdAt: new Date("2026-01-02T03:04:05Z"),
    };
    const hash = hashRevision(header);
    expect(hashRevision({ ...header, createdAt: "2026-01-02T03:04:05.000Z" })).toBe(hash);
    expect(hashRevision({ ...header, createdAt: "2026-01-02T04:04:05+01:00" })).toBe(hash);
    expect(hashRevision({ ...header, parents: [other, blob] })).not.toBe(hash);
    expect(hashRevision({ ...header, message: "m2" })).not.toBe(hash);
    expect(hashRevision({ ...header, tree: { "recipe.yaml": other } })).not.toBe(hash);
    expect(hash).toBe(
      sha256(
        `{"author":"ada","createdAt":"2026-01-02T03:04:05.000Z","message":"m","parents":["${blob}","${other}"],"tree":{"recipe.yaml":"${blob}"}}`,
      ),
    );
  });

  it("hashRevision refuses bad parents and dates", () => {
    const header = { parents: [], tree: {}, author: "a", message: "m", createdAt: "2026-01-01T00:00:00Z" };
    expect(() => hashRevision({ ...header, parents: ["main"] })).toThrow(/parent/);
    expect(() => hashRevision({ ...header, createdAt: "yesterday" })).toThrow(/not a date/);
  });
});
