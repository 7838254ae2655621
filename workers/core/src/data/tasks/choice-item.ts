// A multiple-choice eval item as text, before tokenization: the model scores each choice by the
// log-likelihood of ` <choice>` after the prompt; the item counts as correct when the right one scores highest.
import { createHash } from "node:crypto";

export type TTextChoiceItem = {
  /** Where the item comes from, stable across builds (e.g. `moby-dick:12:3`, `wordnet:noun:02084071`). */
  id: string;
  prompt: string;
  /** The choices as the model reads them after the prompt (each with its leading space). */
  choices: string[];
  /** Index of the right choice. */
  answer: number;
};

/** Deterministic 32-bit PRNG (mulberry32) seeded from a string: identical items for identical inputs. */
export function seededRandom(key: string): () => number {
  let state = Number.parseInt(createHash("sha256").update(key).digest("hex").slice(0, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: orders equally frequent words without the alphabet's shared prefixes. */
export function stringHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Words by decreasing count, equal counts in hash order, with each word's rank. */
export function rankByFrequency(counts: ReadonlyMap<string, number>) {
  const countOf = (word: string) => counts.get(word) ?? 0;
  const ranked = [...counts.keys()].sort(
    (a, b) => countOf(b) - countOf(a) || stringHash(a) - stringHash(b) || (a < b ? -1 : 1),
  );
  return { ranked, rankOf: new Map(ranked.map((word, i) => [word, i])) };
}

/** Fisher-Yates in place. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [items[i], items[j]];
    if (a === undefined || b === undefined) throw new RangeError(`shuffle: index ${i} or ${j} out of range`);
    [items[i], items[j]] = [b, a];
  }
  return items;
}

/**
 * `count` distractors for `answer` from `ranked` (candidates by decreasing frequency): the nearest in rank
 * first, so the right answer is never the only frequent (or rare) word of its item. `accept` filters candidates
 * (similar length, say); the window widens until enough are found. Returns null when there are too few.
 */
export function frequencyNeighbours(
  ranked: readonly string[],
  rankOf: ReadonlyMap<string, number>,
  answer: string,
  count: number,
  random: () => number,
  accept: (candidate: string) => boolean = () => true,
): string[] | null {
  const rank = rankOf.get(answer);
  if (rank === undefined) return null;
  for (let radius = 8; radius <= 64; radius *= 2) {
    const pool: string[] = [];
    for (const candidate of ranked.slice(Math.max(0, rank - radius), rank + radius + 1))
      if (candidate !== answer && accept(candidate)) pool.push(candidate);
    if (pool.length >= count) return shuffle(pool, random).slice(0, count);
  }
  return null;
}

/** An item with the right answer placed at a seeded position among the distractors. */
export function placeAnswer(
  id: string,
  prompt: string,
  answer: string,
  distractors: string[],
  random: () => number,
): TTextChoiceItem {
  const choices = shuffle([answer, ...distractors], random).map((word) => ` ${word}`);
  return { id, prompt, choices, answer: choices.indexOf(` ${answer}`) };
}
