import { describe, expect, it } from "vitest";
import { highlightFindings } from "./highlight-findings";

describe("highlightFindings", () => {
  it("cuts overlapping findings into segments carrying every covering kind", () => {
    const text = "mail ada@example.org now";
    expect(
      highlightFindings(text, [
        { kind: "email", start: 5, end: 20 },
        { kind: "profanity", start: 9, end: 24 },
      ]),
    ).toEqual([
      { text: "mail ", kinds: [] },
      { text: "ada@", kinds: ["email"] },
      { text: "example.org", kinds: ["email", "profanity"] },
      { text: " now", kinds: ["profanity"] },
    ]);
  });

  it("clamps spans to the text and keeps plain text whole", () => {
    expect(highlightFindings("<b>hi</b>", [{ kind: "secret", start: 7, end: 99 }])).toEqual([
      { text: "<b>hi</", kinds: [] },
      { text: "b>", kinds: ["secret"] },
    ]);
    expect(highlightFindings("plain", [])).toEqual([{ text: "plain", kinds: [] }]);
  });
});
