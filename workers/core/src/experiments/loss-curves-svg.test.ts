import { describe, expect, it } from "vitest";
import { formatTokens } from "./loss-curves-svg";

describe("formatTokens", () => {
  it("writes axis token counts as whole numbers, thousands and millions", () => {
    // The axis starts at 0 tokens; it used to read "0.00".
    expect([0, 850, 33_000, 131_072, 1_234_567].map(formatTokens)).toEqual([
      "0",
      "850",
      "33k",
      "131k",
      "1.2M",
    ]);
  });
});
