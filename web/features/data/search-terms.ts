/**
 * The plain words a websearch query asks for (quoted phrases split into words; `-excluded` words and `or`
 * left out), lower-cased: what previews centre on and mark.
 */
export function searchTerms(query: string): string[] {
  const words: string[] = [];
  for (const token of query.toLowerCase().match(/-?"[^"]*"|-?[^\s"]+/g) ?? []) {
    if (token.startsWith("-") || token === "or") continue;
    for (const word of token.match(/[\p{L}\p{N}]+/gu) ?? []) words.push(word);
  }
  return [...new Set(words)];
}
