import { ByteLevelBpe, DEFAULT_SPECIAL_TOKENS } from "./byte-level-bpe";
import { PairHeap } from "./pair-heap";
import { pretokenizer } from "./pretokenize";

export interface TrainBpeOptions {
  /** Final vocabulary size: 256 byte tokens + merges + special tokens. */
  vocabSize: number;
  /** Stop merging once the most frequent pair occurs fewer times than this. */
  minFrequency?: number;
  specialTokens?: readonly string[];
}

const BYTE_TOKENS = 256;
const utf8 = new TextEncoder();

/**
 * Trains a byte-level BPE. Pair counts are maintained incrementally: each merge only revisits the words
 * that contain the merged pair (found through a pair → words index) and adjusts the counts of the
 * neighbouring pairs, while a lazily-updated max-heap yields the next most frequent pair. Cost is
 * roughly proportional to the occurrences touched, not to corpus size × merges as in the naive loop.
 */
export function trainBpe(texts: Iterable<string>, options: TrainBpeOptions): ByteLevelBpe {
  const specialTokens = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  const minFrequency = options.minFrequency ?? 2;
  const mergeBudget = options.vocabSize - BYTE_TOKENS - specialTokens.length;
  if (!Number.isInteger(options.vocabSize) || mergeBudget < 0) {
    throw new Error(
      `vocabSize must be an integer ≥ ${BYTE_TOKENS + specialTokens.length}, got ${options.vocabSize}`,
    );
  }

  // Distinct pre-tokenised pieces with their frequencies: merges never cross piece boundaries.
  const pieceCounts = new Map<string, number>();
  const pieces = pretokenizer();
  for (const text of texts) {
    for (const piece of pieces(text)) pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + 1);
  }
  const words: number[][] = [];
  const wordFrequency: number[] = [];
  for (const [piece, count] of pieceCounts) {
    const bytes = utf8.encode(piece);
    if (bytes.length < 2) continue;
    words.push(Array.from(bytes));
    wordFrequency.push(count);
  }
  pieceCounts.clear();

  // A pair (left, right) is keyed as left * keyBase + right; ids stay below vocabSize.
  const keyBase = Math.max(options.vocabSize, BYTE_TOKENS);
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  const addCount = (key: number, delta: number): void => {
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + delta);
  };
  const noteWord = (key: number, wordIndex: number): void => {
    const list = pairWords.get(key);
    if (list) list.push(wordIndex);
    else pairWords.set(key, [wordIndex]);
  };
  for (const [wordIndex, symbols] of words.entries()) {
    const frequency = wordFrequency[wordIndex] as number;
    for (let i = 0; i + 1 < symbols.length; i += 1) {
      const key = (symbols[i] as number) * keyBase + (symbols[i + 1] as number);
      addCount(key, frequency);
      noteWord(key, wordIndex);
    }
  }
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const merges: Array<[number, number]> = [];
  // Marks words already rewritten for the current merge (a word can be listed more than once).
  const visitedAtMerge = new Int32Array(words.length).fill(-1);
  const touched = new Set<number>();

  while (merges.length < mergeBudget && heap.size > 0) {
    const top = heap.pop() as { count: number; key: number };
    if (pairCounts.get(top.key) !== top.count) continue; // stale entry
    if (top.count < minFrequency) break;

    const left = Math.floor(top.key / keyBase);
    const right = top.key % keyBase;
    const newId = BYTE_TOKENS + merges.length;
    merges.push([left, right]);
    touched.clear();

    for (const wordIndex of pairWords.get(top.key) ?? []) {
      if (visitedAtMerge[wordIndex] === merges.length) continue;
      visitedAtMerge[wordIndex] = merges.length;
      const symbols = words[wordIndex] as number[];
      const frequency = wordFrequency[wordIndex] as number;
      const merged: number[] = [];
      for (let i = 0; i < symbols.length;) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          if (merged.length > 0) {
            const previous = merged[merged.length - 1] as number;
            const oldKey = previous * keyBase + left;
            const newKey = previous * keyBase + newId;
            addCount(oldKey, -frequency);
            addCount(newKey, frequency);
            noteWord(newKey, wordIndex);
            touched.add(oldKey).add(newKey);
          }
          if (i + 2 < symbols.length) {
            const next = symbols[i + 2] as number;
            const oldKey = right * keyBase + next;
            const newKey = newId * keyBase + next;
            addCount(oldKey, -frequency);
            addCount(newKey, frequency);
            noteWord(newKey, wordIndex);
            touched.add(oldKey).add(newKey);
          }
          merged.push(newId);
          i += 2;
        } else {
          merged.push(symbols[i] as number);
          i += 1;
        }
      }
      words[wordIndex] = merged;
    }

    pairCounts.delete(top.key);
    pairWords.delete(top.key);
    touched.delete(top.key);
    for (const key of touched) {
      const count = pairCounts.get(key) ?? 0;
      if (count > 0) heap.push(count, key);
      else pairCounts.delete(key);
    }
  }
  return new ByteLevelBpe(merges, specialTokens);
}
