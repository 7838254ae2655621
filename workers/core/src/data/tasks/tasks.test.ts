import { describe, expect, it } from "vitest";
import { buildQuizCloze, buildWordnetDefinitions, frequencyNeighbours, rankByFrequency } from "./index";

const documents = {
  sea: [
    "The whale rose from the deep water near the ship. The sailors watched the whale from the deck. " +
      "A storm came over the grey water and the ship turned north. The captain called to the crew on deck.",
    "Every sailor on the ship knew the sea was cold. The harpoon flew over the water at dawn.",
  ],
  law: [
    "The licence grants every person the right to copy the software. The notice must remain in every copy. " +
      "No warranty is given for the software or its fitness for any purpose under this licence.",
  ],
};

describe("quiz-cloze", () => {
  it("blanks each sentence's last word among three words of the same source, deterministically", () => {
    const items = buildQuizCloze({ documents, count: 100, seed: "s" });
    expect(items).toEqual(buildQuizCloze({ documents, count: 100, seed: "s" }));
    expect(items.length).toBeGreaterThanOrEqual(5);
    // Sources take turns, in name order.
    expect(items.slice(0, 4).map((item) => item.id.split(":")[0])).toEqual(["law", "sea", "law", "sea"]);
    for (const item of items) {
      const source = item.id.split(":")[0] as keyof typeof documents;
      const text = documents[source].join(" ");
      const answer = item.choices[item.answer]!;
      expect(text).toContain(`${item.prompt}${answer}`);
      expect(new Set(item.choices).size).toBe(4);
      for (const choice of item.choices) {
        expect(choice).toMatch(/^ \p{Ll}{3,}$/u);
        expect(text).toContain(choice.trim());
      }
    }
    expect(buildQuizCloze({ documents, count: 2, seed: "s" })).toEqual(items.slice(0, 2));
  });

  it("picks distractors nearest in frequency, widening when too few pass the filter", () => {
    const { ranked, rankOf } = rankByFrequency(
      new Map(Array.from({ length: 40 }, (_, i) => [`w${String(i).padStart(2, "0")}`, 100 - i])),
    );
    expect(ranked[0]).toBe("w00");
    const random = () => 0.5;
    const near = frequencyNeighbours(ranked, rankOf, "w20", 3, random)!;
    for (const word of near) expect(Math.abs(rankOf.get(word)! - 20)).toBeLessThanOrEqual(8);
    const far = frequencyNeighbours(ranked, rankOf, "w20", 3, random, (w) => Number(w.slice(1)) < 5)!;
    expect(far.sort()).toHaveLength(3);
    expect(frequencyNeighbours(ranked, rankOf, "w20", 50, random)).toBeNull();
    expect(frequencyNeighbours(ranked, rankOf, "unknown", 3, random)).toBeNull();
  });
});

describe("wordnet-definitions", () => {
  it("asks for the word a WordNet definition defines, among common words of its part of speech", () => {
    const items = buildWordnetDefinitions({ count: 24, seed: "s" });
    expect(items).toHaveLength(24);
    expect(buildWordnetDefinitions({ count: 24, seed: "s" })).toEqual(items);
    expect(buildWordnetDefinitions({ count: 24, seed: "t" })).not.toEqual(items);
    for (const item of items) {
      expect(item.id).toMatch(/^wordnet:(noun|verb|adj):\d+$/);
      expect(item.prompt).toMatch(/^Definition: .+\.\nWord:$/s);
      expect(new Set(item.choices).size).toBe(4);
      const answer = item.choices[item.answer]!.trim();
      expect(answer).toMatch(/^[a-z]{3,14}$/);
      expect(item.prompt.toLowerCase()).not.toContain(answer.slice(0, 5));
      for (const choice of item.choices)
        expect(Math.abs(choice.trim().length - answer.length)).toBeLessThanOrEqual(2);
    }
    // Definitions stay short enough for a proxy model's window.
    const many = buildWordnetDefinitions({ count: 400, seed: "s" });
    expect(many).toHaveLength(400);
    expect(many.every((item) => item.prompt.length <= "Definition: .\nWord:".length + 100)).toBe(true);
  });
});
