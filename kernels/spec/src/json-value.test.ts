import { describe, expect, it } from "vitest";
import { isJsonObject, jsonEqual, ownValue, setOwn } from "./json-value";

describe("jsonEqual", () => {
  it("compares structurally, ignoring key order", () => {
    expect(jsonEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual({ constructor: undefined, a: 1 }, { a: 1 })).toBe(true);
    expect(jsonEqual({ toString: 1 }, { valueOf: 1 })).toBe(false);
  });

  it("treats an undefined key as absent and undefined as different from null", () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false);
    expect(jsonEqual(undefined, undefined)).toBe(true);
  });
});

describe("ownValue / setOwn", () => {
  it("never reads Object.prototype and stores __proto__ as a plain key", () => {
    expect(ownValue({}, "constructor")).toBeUndefined();
    expect(ownValue({ constructor: 1 }, "constructor")).toBe(1);
    const record: Record<string, number> = {};
    setOwn(record, "__proto__", 1);
    expect(Object.keys(record)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});

describe("isJsonObject", () => {
  it("is true only for non-array objects", () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject("x")).toBe(false);
  });
});
