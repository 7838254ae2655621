import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatSigned } from "./format";

describe("format", () => {
  it("abbreviates counts to three significant digits", () => {
    expect(formatCount(5_910_528)).toBe("5.91M");
    expect(formatCount(29_719_040)).toBe("29.7M");
    expect(formatCount(512)).toBe("512");
    expect(formatCount(-1500)).toBe("-1.50K");
  });
  it("formats bytes in binary units and signs deltas", () => {
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
    expect(formatSigned(-2048, formatBytes)).toBe("-2.0 KiB");
    expect(formatSigned(0, formatBytes)).toBe("±0");
  });
});
