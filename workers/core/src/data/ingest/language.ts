/**
 * A deliberately small, honest language guesser: Unicode script detection, then stopword overlap for a
 * few languages that share a script. Limits: only the languages listed below are ever named; short
 * texts (under ~20 words), code, tables and mixed-language documents often come back "und"
 * (undetermined) or as the language of their comments; Arabic- and Devanagari-script texts are left
 * "und" because one script serves several common languages; Han-only text is called "zh" although
 * it may be classical Chinese or Japanese kanji. Only the first few thousand characters are read.
 */
export interface LanguageGuess {
  /** ISO 639-1 code, or "und" when the evidence is too weak. */
  language: string;
  /** Dominant Unicode script of the letters, or "None" when there are no letters. */
  script: string;
  /** Share of the evidence behind the choice, 0..1: stopword share for stopword guesses, script share otherwise. */
  confidence: number;
}

const SAMPLE_CHARACTERS = 4000;
const SAMPLE_WORDS = 600;

const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ["Latin", /\p{Script=Latin}/gu],
  ["Cyrillic", /\p{Script=Cyrillic}/gu],
  ["Greek", /\p{Script=Greek}/gu],
  ["Arabic", /\p{Script=Arabic}/gu],
  ["Hebrew", /\p{Script=Hebrew}/gu],
  ["Devanagari", /\p{Script=Devanagari}/gu],
  ["Han", /\p{Script=Han}/gu],
  ["Kana", /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ["Hangul", /\p{Script=Hangul}/gu],
  ["Thai", /\p{Script=Thai}/gu],
];

/** Scripts that, in practice, identify one language on their own. */
const SCRIPT_LANGUAGE: Record<string, string> = {
  Greek: "el",
  Hebrew: "he",
  Hangul: "ko",
  Thai: "th",
  Kana: "ja",
};

const STOPWORDS: Record<string, Record<string, readonly string[]>> = {
  Latin: {
    en: "the of and to in a is that for it as was with be by on not he i this are or his from at which but have an they you were her she there would their we him been has when who will more no if out so said what up its about than into them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".split(
      " ",
    ),
    fr: "le la les de des du un une et est en que qui dans pour pas au aux ce cette il elle ils nous vous sur se ne son sa ses par plus avec tout mais ou leur lui été sont comme être fait même aussi bien dont entre sans".split(
      " ",
    ),
    de: "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wird bei oder nach werden aus er sie wie hat sind noch nur einer kann so durch über vor diese dieser zum zur wenn jeder".split(
      " ",
    ),
    es: "el la los las de del y en que un una es por con para no se su sus al lo como más pero fue ha son este esta entre sin sobre también toda todo ser cualquier nadie".split(
      " ",
    ),
    it: "il lo la i gli le di del della dei che e è un una per non con sono nel nella al alla si come anche più ma ogni ha essere questo questa tra sua suo".split(
      " ",
    ),
    pt: "o a os as de do da dos das e é um uma para com não que em no na se por mais como mas foi ao aos seu sua ser são tem toda todo pela pelo nenhum".split(
      " ",
    ),
    nl: "de het een en van in is dat op te zijn voor met niet aan er als ook door bij of om wordt worden deze die naar over tot uit heeft hebben ieder".split(
      " ",
    ),
  },
  Cyrillic: {
    ru: "и в не на что с по как это он она они к из у за от для же то все так его но бы мы вы был была быть или если только также каждый человек имеет право".split(
      " ",
    ),
    uk: "і в не на що з по як це він вона вони до від для же то все так його але би ми ви був була бути або якщо тільки також кожна людина має право".split(
      " ",
    ),
  },
};

const STOPWORD_SETS: Record<string, Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(STOPWORDS).map(([script, languages]) => [
    script,
    Object.fromEntries(Object.entries(languages).map(([language, words]) => [language, new Set(words)])),
  ]),
);

const MIN_STOPWORD_SHARE = 0.12;
const MIN_MARGIN = 1.25;
const MIN_WORDS = 8;

export function dominantScript(sample: string): {
  script: string;
  share: number;
  counts: Record<string, number>;
} {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const [script, pattern] of SCRIPTS) {
    const count = sample.match(pattern)?.length ?? 0;
    if (count > 0) counts[script] = count;
    total += count;
  }
  let best = "None";
  let bestCount = 0;
  for (const [script, count] of Object.entries(counts)) {
    if (count > bestCount) [best, bestCount] = [script, count];
  }
  // Japanese mixes kana with Han; a sizeable kana share marks it even when Han characters dominate.
  const kana = counts["Kana"] ?? 0;
  if (best === "Han" && kana >= 0.1 * (kana + bestCount)) best = "Kana";
  return { script: best, share: total === 0 ? 0 : (counts[best] ?? 0) / total, counts };
}

export function guessLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, SAMPLE_CHARACTERS);
  const { script, share } = dominantScript(sample);
  const scriptLanguage = SCRIPT_LANGUAGE[script];
  if (scriptLanguage)
    return { language: scriptLanguage, script: script === "Kana" ? "Han+Kana" : script, confidence: share };
  if (script === "Han") return { language: "zh", script, confidence: share };
  const candidates = STOPWORD_SETS[script];
  if (!candidates) return { language: "und", script, confidence: 0 };

  const words = (sample.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? []).slice(0, SAMPLE_WORDS);
  if (words.length < MIN_WORDS) return { language: "und", script, confidence: 0 };
  const shares = Object.entries(candidates)
    .map(([language, stopwords]) => ({
      language,
      share: words.filter((word) => stopwords.has(word)).length / words.length,
    }))
    .sort((a, b) => b.share - a.share);
  const [first, second] = shares;
  if (!first || first.share < MIN_STOPWORD_SHARE)
    return { language: "und", script, confidence: first?.share ?? 0 };
  if (second && first.share < MIN_MARGIN * second.share)
    return { language: "und", script, confidence: first.share };
  return { language: first.language, script, confidence: first.share };
}
