import { describe, expect, it } from "vitest";
import { mobyDickSource, stateOfTheUnionSource } from "../sources/index";
import { ByteLevelBpe, END_OF_TEXT, tokenizerFromJson, type TokenizerJson } from "./byte-level-bpe";
import { pretokenizer } from "./pretokenize";
import { trainBpe } from "./train-bpe";

const speeches = [...stateOfTheUnionSource.documents()].map((document) => document.text);
const book = [...mobyDickSource.documents()].map((document) => document.text);
const utf8Bytes = (texts: readonly string[]) => texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

/** The textbook algorithm: re-count every pair after every merge. Slow, but obviously right. */
function naiveMerges(
  texts: readonly string[],
  vocabSize: number,
  minFrequency: number,
): Array<[number, number]> {
  const pieces = pretokenizer();
  const counts = new Map<string, number>();
  for (const text of texts) for (const piece of pieces(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  const words = [...counts].map(([piece, count]) => ({
    symbols: Array.from(Buffer.from(piece, "utf8")),
    count,
  }));
  const merges: Array<[number, number]> = [];
  while (256 + merges.length + 1 < vocabSize) {
    const pairCounts = new Map<number, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i += 1) {
        const key = (symbols[i] as number) * vocabSize + (symbols[i + 1] as number);
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
      }
    }
    let bestKey = -1;
    let bestCount = 0;
    for (const [key, count] of pairCounts) {
      if (count > bestCount || (count === bestCount && key < bestKey)) [bestKey, bestCount] = [key, count];
    }
    if (bestCount < minFrequency) break;
    const left = Math.floor(bestKey / vocabSize);
    const right = bestKey % vocabSize;
    const id = 256 + merges.length;
    merges.push([left, right]);
    for (const word of words) {
      const merged: number[] = [];
      for (let i = 0; i < word.symbols.length;) {
        if (word.symbols[i] === left && word.symbols[i + 1] === right && i + 1 < word.symbols.length) {
          merged.push(id);
          i += 2;
        } else {
          merged.push(word.symbols[i] as number);
          i += 1;
        }
      }
      word.symbols = merged;
    }
  }
  return merges;
}

/** Deterministic PRNG (mulberry32) for the fuzz round-trips. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("trainBpe", () => {
  it("learns exactly the merges of the naive re-count algorithm", () => {
    const sample = book.slice(3, 6);
    const trained = trainBpe(sample, { vocabSize: 700, minFrequency: 2 });
    expect(trained.merges.map(([a, b]) => [a, b])).toEqual(naiveMerges(sample, 700, 2));
  });

  it("stops at minFrequency and refuses an impossible vocabulary", () => {
    const tokenizer = trainBpe(["abab abab"], { vocabSize: 1000, minFrequency: 2 });
    expect(tokenizer.vocabSize).toBeLessThan(1000);
    expect(() => trainBpe(["x"], { vocabSize: 100 })).toThrow(/vocabSize must be an integer/);
  });

  it("trains an 8192-token vocabulary on the ~11 MB State of the Union in well under a minute, compressing held-out English", () => {
    const started = performance.now();
    const tokenizer = trainBpe(speeches, { vocabSize: 8192, minFrequency: 2 });
    const seconds = (performance.now() - started) / 1000;
    expect(utf8Bytes(speeches)).toBeGreaterThan(10_000_000);
    expect(tokenizer.vocabSize).toBe(8192);
    expect(seconds).toBeLessThan(30);

    // Moby-Dick was not in the training data: bytes per token measures real compression.
    const heldOut = book.slice(0, 40);
    const tokens = heldOut.reduce((sum, text) => sum + tokenizer.encode(text).length, 0);
    expect(utf8Bytes(heldOut) / tokens).toBeGreaterThan(3);
    const trainingSample = speeches.slice(-20);
    const trainingTokens = trainingSample.reduce((sum, text) => sum + tokenizer.encode(text).length, 0);
    expect(utf8Bytes(trainingSample) / trainingTokens).toBeGreaterThan(4);
  }, 60_000);
});

describe("ByteLevelBpe", () => {
  const tokenizer = trainBpe(book.slice(0, 30), { vocabSize: 2048 });

  it.each([
    ["plain English", "Call me Ishmael. Some years ago—never mind how long precisely."],
    ["emoji and ZWJ sequences", "🎉 family: 👩‍👩‍👧‍👦, flags 🇫🇷🇯🇵, skin tones 👋🏽"],
    ["CJK", "人人生而自由，在尊严和权利上一律平等。日本語のテキスト、한국어 텍스트"],
    ["combining marks and RTL", "e\u0301 vs é; العربية; עברית; देवनागरी"],
    ["whitespace and control characters", "tabs\t\tand\r\nCRLF\n\n\n   trailing   \u0000\u0007"],
    ["a spelled-out special token", `not a boundary: ${END_OF_TEXT}`],
    ["empty", ""],
  ])("round-trips %s exactly", (_label, text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it("never emits a special token from text", () => {
    const ids = Array.from(tokenizer.encode(END_OF_TEXT));
    expect(ids).not.toContain(tokenizer.specialTokenId(END_OF_TEXT));
    expect(tokenizer.decode([tokenizer.specialTokenId(END_OF_TEXT)])).toBe(END_OF_TEXT);
  });

  it("round-trips random Unicode strings", () => {
    const next = random(42);
    for (let trial = 0; trial < 300; trial += 1) {
      let text = "";
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i += 1) {
        const plane = next();
        let codePoint =
          plane < 0.5
            ? Math.floor(next() * 0x80)
            : plane < 0.9
              ? Math.floor(next() * 0xd800)
              : 0x10000 + Math.floor(next() * 0xfffff);
        if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0x41;
        text += String.fromCodePoint(codePoint);
      }
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    }
  });

  it("uses Uint16Array up to 65536 tokens and Uint32Array beyond", () => {
    expect(tokenizer.encode("hello")).toBeInstanceOf(Uint16Array);
    const wide = new ByteLevelBpe(
      Array.from({ length: 65_400 }, (_, i) => [i % 256, Math.floor(i / 256)] as [number, number]),
    );
    expect(wide.vocabSize).toBeGreaterThan(65_536);
    const ids = wide.encode("wide vocabulary");
    expect(ids).toBeInstanceOf(Uint32Array);
    expect(wide.decode(ids)).toBe("wide vocabulary");
  });

  it("serialises to JSON with a content hash that is checked on load", () => {
    const json = JSON.parse(JSON.stringify(tokenizer)) as TokenizerJson;
    expect(json).toMatchObject({
      format: "forge-byte-bpe",
      version: 1,
      vocabSize: 2048,
      specialTokens: [END_OF_TEXT],
    });
    expect(json.hash).toMatch(/^[0-9a-f]{64}$/);
    const loaded = tokenizerFromJson(json);
    const sample = book[10] ?? "";
    expect(Array.from(loaded.encode(sample))).toEqual(Array.from(tokenizer.encode(sample)));
    expect(loaded.hash).toBe(tokenizer.hash);

    const tampered: TokenizerJson = {
      ...json,
      merges: json.merges.map(([a, b], i) => (i === 5 ? [b, a] : [a, b])),
    };
    expect(() => tokenizerFromJson(tampered)).toThrow(/hash mismatch/);
    expect(() => tokenizerFromJson({ ...json, version: 2 })).toThrow(/unsupported tokenizer format/);
    expect(() => tokenizerFromJson({ ...json, pattern: "(a+)+$" })).toThrow(/only the GPT-2 pattern/);
  });

  it("splits text GPT-2 style before merging", () => {
    expect([...pretokenizer()("I'll pay 1200 dollars!!  ok")]).toEqual([
      "I",
      "'ll",
      " pay",
      " 1200",
      " dollars",
      "!!",
      " ",
      " ok",
    ]);
  });
});
