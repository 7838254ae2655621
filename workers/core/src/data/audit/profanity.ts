import { createRequire } from "node:module";
import { type Finding } from "./finding";

const requireFromHere = createRequire(import.meta.url);

/**
 * Entries of badwords-list that are ordinary English in most of their uses (anatomy, religion, history,
 * names, verbs: "the Nazi regime", "may retard growth", "cum laude", "Almighty God"). Flagging them
 * buries the real findings of a corpus such as the State of the Union under noise.
 */
const CONTEXT_DEPENDENT_WORDS = new Set([
  "anal",
  "balls",
  "bloody",
  "breasts",
  "bum",
  "butt",
  "cum",
  "fanny",
  "god",
  "hell",
  "homo",
  "knob",
  "lust",
  "nazi",
  "pawn",
  "pecker",
  "poop",
  "rectum",
  "retard",
  "semen",
  "sex",
  "tit",
  "vagina",
  "wang",
  "willies",
  "willy",
]);

/**
 * The badwords-list package (MIT): ~450 English profanities, slurs and common obfuscations, less the
 * context-dependent words above.
 */
export function profanityWordList(): readonly string[] {
  const packaged = requireFromHere("badwords-list/lib/array.js") as string[];
  return packaged.filter((word) => !CONTEXT_DEPENDENT_WORDS.has(word.toLowerCase()));
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const WORD = /[\p{L}\p{N}_]+/gu;
const SINGLE_WORD = /^[\p{L}\p{N}_]+$/u;

/**
 * Whole-word matching only (letters, digits and underscore delimit words), case-insensitive, so
 * "class" or "Scunthorpe" never match. Plain words are looked up in a set while scanning the text's
 * words (a 400-way regex alternation is several times slower); the few entries with spaces or symbols
 * ("blow job", "sh!t") go through a small regex, a trailing "*" in an entry meaning "any letters".
 * The finding names the matched word so an auditor can judge context.
 */
export function createProfanityDetector(
  words: readonly string[] = profanityWordList(),
): (text: string) => Finding[] {
  const lowerWords = [...new Set(words.map((word) => word.toLowerCase()))];
  const plainWords = new Set(lowerWords.filter((word) => SINGLE_WORD.test(word)));
  const phrases = lowerWords
    .filter((word) => !SINGLE_WORD.test(word))
    .sort((a, b) => b.length - a.length)
    .map((word) => (word.endsWith("*") ? `${escapeRegExp(word.slice(0, -1))}\\p{L}*` : escapeRegExp(word)));
  const phrasePattern =
    phrases.length === 0
      ? undefined
      : new RegExp(`(?<![\\p{L}\\p{N}_])(?:${phrases.join("|")})(?![\\p{L}\\p{N}_])`, "giu");

  return (text: string): Finding[] => {
    const findings: Finding[] = [];
    const record = (start: number, matched: string): void => {
      findings.push({
        kind: "profanity",
        start,
        end: start + matched.length,
        detail: `listed word "${matched.toLowerCase()}"`,
      });
    };
    for (const match of text.matchAll(WORD)) {
      if (plainWords.has(match[0].toLowerCase())) record(match.index, match[0]);
    }
    if (phrasePattern) for (const match of text.matchAll(phrasePattern)) record(match.index, match[0]);
    return findings.sort((a, b) => a.start - b.start);
  };
}
