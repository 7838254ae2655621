import { z } from "zod";
import { type TextDocument, utf8ByteLength } from "../document";
import { guessLanguage } from "./language";

export const ZLengthBucket = z.object({
  /** Inclusive lower bound in characters (code units). */
  minChars: z.number(),
  /** Exclusive upper bound; null for the open last bucket. */
  maxChars: z.number().nullable(),
  documents: z.number(),
});
export type LengthBucket = z.output<typeof ZLengthBucket>;

export const ZTokenCount = z.object({ token: z.string(), count: z.number() });
export type TokenCount = z.output<typeof ZTokenCount>;

export const ZDatasetStatistics = z.object({
  documents: z.number(),
  bytes: z.number(),
  characters: z.number(),
  /** Powers-of-two buckets from 16 characters up, the first catching everything shorter. */
  lengthHistogram: z.array(ZLengthBucket),
  /** Documents per guessed language (ISO 639-1 or "und"). */
  languages: z.record(z.string(), z.number()),
  scripts: z.record(z.string(), z.number()),
  /** Most frequent lower-cased words (runs of letters, marks and digits); unsegmented CJK runs count as one word. */
  topTokens: z.array(ZTokenCount),
});
export type DatasetStatistics = z.output<typeof ZDatasetStatistics>;

const FIRST_BUCKET_LIMIT = 16;
const LAST_BUCKET_START = 1 << 20;

function bucketBounds(): Array<[number, number | null]> {
  const bounds: Array<[number, number | null]> = [[0, FIRST_BUCKET_LIMIT]];
  for (let start = FIRST_BUCKET_LIMIT; start < LAST_BUCKET_START; start *= 2) bounds.push([start, start * 2]);
  bounds.push([LAST_BUCKET_START, null]);
  return bounds;
}

function bucketIndex(length: number): number {
  if (length < FIRST_BUCKET_LIMIT) return 0;
  if (length >= LAST_BUCKET_START) return bucketBounds().length - 1;
  return Math.floor(Math.log2(length / FIRST_BUCKET_LIMIT)) + 1;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Accumulates statistics one document at a time, so a dataset never has to fit in memory at once. */
export class StatisticsAccumulator {
  private documents = 0;
  private bytes = 0;
  private characters = 0;
  private readonly histogram = bucketBounds().map(() => 0);
  private readonly languages = new Map<string, number>();
  private readonly scripts = new Map<string, number>();
  private readonly wordCounts = new Map<string, number>();

  add(document: TextDocument): void {
    this.documents += 1;
    this.bytes += utf8ByteLength(document.text);
    this.characters += document.text.length;
    const bucket = bucketIndex(document.text.length);
    this.histogram[bucket] = (this.histogram[bucket] ?? 0) + 1;
    const guess = guessLanguage(document.text);
    this.languages.set(guess.language, (this.languages.get(guess.language) ?? 0) + 1);
    this.scripts.set(guess.script, (this.scripts.get(guess.script) ?? 0) + 1);
    for (const match of document.text.matchAll(WORD)) {
      const word = match[0].toLowerCase();
      this.wordCounts.set(word, (this.wordCounts.get(word) ?? 0) + 1);
    }
  }

  result(topTokenCount = 50): DatasetStatistics {
    const topTokens = [...this.wordCounts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, topTokenCount)
      .map(([token, count]) => ({ token, count }));
    return {
      documents: this.documents,
      bytes: this.bytes,
      characters: this.characters,
      lengthHistogram: bucketBounds().map(([minChars, maxChars], index) => ({
        minChars,
        maxChars,
        documents: this.histogram[index] ?? 0,
      })),
      languages: Object.fromEntries([...this.languages.entries()].sort((a, b) => b[1] - a[1])),
      scripts: Object.fromEntries([...this.scripts.entries()].sort((a, b) => b[1] - a[1])),
      topTokens,
    };
  }
}

export function computeStatistics(documents: Iterable<TextDocument>, topTokenCount = 50): DatasetStatistics {
  const accumulator = new StatisticsAccumulator();
  for (const document of documents) accumulator.add(document);
  return accumulator.result(topTokenCount);
}
