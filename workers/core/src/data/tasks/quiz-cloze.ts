// quiz-cloze: finish a held-out sentence. A sentence of a source's held-out documents loses its final word;
// the choices are that word and three words of similar frequency in the same source's held-out text, so
// neither frequency nor the source's vocabulary gives the answer away: the model has to read the sentence.
import {
  frequencyNeighbours,
  placeAnswer,
  rankByFrequency,
  seededRandom,
  shuffle,
  type TTextChoiceItem,
} from "./choice-item";

/** Answers are lower-case words of 3+ letters (in any cased script): no names, no capitals to give them away. */
const ANSWER = /^\p{Ll}{3,32}$/u;
const WORD = /\p{L}+/gu;
/** A sentence ends at . ! ? (or their CJK forms) followed by space, or at a blank line. */
const SENTENCE_END = /(?<=[.!?。！？])\s+|\n\s*\n/u;
/** The sentence's final word and whatever closes the sentence after it. */
const FINAL_WORD = /(\p{L}+)([\p{P}\s]*)$/u;
/** Prompts keep at most their last this many characters (the scorer also cuts them to the window). */
const MAX_PROMPT_CHARS = 240;
const MIN_PROMPT_WORDS = 4;

type TCandidate = { id: string; prompt: string; answer: string };

function candidates(source: string, documents: readonly string[]): TCandidate[] {
  const out: TCandidate[] = [];
  documents.forEach((text, d) => {
    text.split(SENTENCE_END).forEach((raw, s) => {
      const sentence = raw.replace(/\s+/gu, " ").trim();
      const match = FINAL_WORD.exec(sentence);
      const answer = match?.[1];
      if (!match || answer === undefined || !ANSWER.test(answer)) return;
      let prompt = sentence.slice(0, match.index).trimEnd();
      // The answer must follow a space, as the choices are scored as " <word>".
      if (!sentence.slice(0, match.index).endsWith(" ")) return;
      if ((prompt.match(WORD) ?? []).length < MIN_PROMPT_WORDS) return;
      if (prompt.length > MAX_PROMPT_CHARS) {
        const cut = prompt.slice(-MAX_PROMPT_CHARS);
        prompt = cut.slice(cut.indexOf(" ") + 1);
      }
      out.push({ id: `${source}:${d}:${s}`, prompt, answer });
    });
  });
  return out;
}

/** The source's answer-shaped words by decreasing frequency, with their ranks. */
function vocabulary(documents: readonly string[]) {
  const counts = new Map<string, number>();
  for (const text of documents)
    for (const word of text.match(WORD) ?? [])
      if (ANSWER.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return rankByFrequency(counts);
}

/**
 * Up to `count` items from held-out documents (text per source), deterministic in (documents, seed): sources
 * take turns (by name), each contributing its sentences in a seeded order.
 */
export function buildQuizCloze(options: {
  documents: Readonly<Record<string, readonly string[]>>;
  count: number;
  seed: string;
}): TTextChoiceItem[] {
  const perSource = Object.entries(options.documents)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([source, documents]) => {
      const { ranked, rankOf } = vocabulary(documents);
      const random = seededRandom(`quiz-cloze:${options.seed}:${source}`);
      return { ranked, rankOf, random, queue: shuffle(candidates(source, documents), random) };
    });
  const items: TTextChoiceItem[] = [];
  while (items.length < options.count && perSource.some((s) => s.queue.length > 0)) {
    for (const source of perSource) {
      if (items.length >= options.count) break;
      // The source's next sentence that has enough distractors.
      for (let next = source.queue.shift(); next; next = source.queue.shift()) {
        const distractors = frequencyNeighbours(source.ranked, source.rankOf, next.answer, 3, source.random);
        if (distractors) {
          items.push(placeAnswer(next.id, next.prompt, next.answer, distractors, source.random));
          break;
        }
      }
    }
  }
  return items;
}
