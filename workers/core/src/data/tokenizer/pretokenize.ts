/**
 * GPT-2's pre-tokenisation pattern: English contractions, runs of letters, runs of digits and runs of
 * other symbols (each optionally led by one space), and whitespace. BPE merges never cross these
 * pieces, which keeps tokens word-like and makes encoding cacheable per piece.
 */
export const GPT2_PRETOKENIZE_PATTERN = String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

export function pretokenizer(): (text: string) => IterableIterator<string> {
  const regex = new RegExp(GPT2_PRETOKENIZE_PATTERN, "gu");
  return function* pieces(text: string): IterableIterator<string> {
    for (const match of text.matchAll(regex)) yield match[0];
  };
}
