import { describe, expect, it } from "vitest";
import { udhrSource } from "../sources/index";
import { guessLanguage } from "./language";
import { computeStatistics } from "./statistics";

describe("guessLanguage", () => {
  const udhr = new Map([...udhrSource.documents()].map((document) => [document.id, document.text]));
  const cases: Array<[string, string]> = [
    ["udhr/eng", "en"],
    ["udhr/fra", "fr"],
    ["udhr/deu_1996", "de"],
    ["udhr/spa", "es"],
    ["udhr/ita", "it"],
    ["udhr/por_PT", "pt"],
    ["udhr/nld", "nl"],
    ["udhr/rus", "ru"],
    ["udhr/ukr", "uk"],
    ["udhr/ell_monotonic", "el"],
    ["udhr/jpn", "ja"],
    ["udhr/cmn_hans", "zh"],
    ["udhr/kor", "ko"],
    ["udhr/heb", "he"],
    ["udhr/tha", "th"],
  ];

  it.each(cases)("recognises %s as %s", (id, language) => {
    const text = udhr.get(id);
    expect(text).toBeDefined();
    expect(guessLanguage(text ?? "").language).toBe(language);
  });

  it("says und when the evidence is weak or the language is not one it knows", () => {
    expect(guessLanguage("Hello").language).toBe("und");
    expect(guessLanguage("12345 67890").script).toBe("None");
    // Swahili is Latin-script but none of the stopword languages.
    expect(guessLanguage(udhr.get("udhr/swh") ?? "").language).toBe("und");
    expect(guessLanguage(udhr.get("udhr/arb") ?? "").script).toBe("Arabic");
  });
});

describe("computeStatistics", () => {
  it("counts documents, bytes, a log-scale length histogram, languages and top words", () => {
    const documents = [
      { id: "a", text: "short", meta: {} },
      { id: "b", text: "The cat and the dog. ".repeat(10).trim(), meta: {} },
      { id: "c", text: "Le chat et le chien sont dans la maison avec les enfants de la famille.", meta: {} },
      { id: "d", text: "日本語のテキストです。これは日本語の文です。", meta: {} },
    ];
    const stats = computeStatistics(documents, 3);
    expect(stats.documents).toBe(4);
    expect(stats.bytes).toBe(documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0));
    expect(stats.characters).toBe(documents.reduce((sum, d) => sum + d.text.length, 0));
    expect(stats.lengthHistogram.reduce((sum, bucket) => sum + bucket.documents, 0)).toBe(4);
    expect(stats.lengthHistogram[0]).toEqual({ minChars: 0, maxChars: 16, documents: 1 });
    const bucketOf = (length: number) =>
      stats.lengthHistogram.find((b) => length >= b.minChars && (b.maxChars === null || length < b.maxChars));
    expect(bucketOf(documents[1]?.text.length ?? 0)?.documents).toBe(1);
    expect(stats.lengthHistogram.at(-1)?.maxChars).toBeNull();
    expect(stats.languages).toEqual({ und: 1, en: 1, fr: 1, ja: 1 });
    expect(stats.topTokens[0]).toEqual({ token: "the", count: 20 });
    expect(stats.topTokens).toHaveLength(3);
  });
});
