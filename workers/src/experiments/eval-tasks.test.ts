import { describe, expect, it } from "vitest";
import { END_OF_TEXT, trainBpe } from "@forge/core/data";
import { buildEvalTask, decodeDocuments, tokenizeChoiceItems } from "./eval-tasks";
import { TINY_ARCHITECTURE, TINY_EVALSUITE, tinyRecipe } from "./experiment-fixtures";
import { parseRunSpec } from "@forge/core/experiments/run-spec";

const text =
  "The whale rose from the deep water near the ship. The sailors watched the whale from the deck. " +
  "A storm came over the grey water and the ship turned north. The captain called to the crew on deck.";

describe("eval tasks", () => {
  const tokenizer = trainBpe([text], { vocabSize: 300 });
  const eot = tokenizer.specialTokenId(END_OF_TEXT);

  it("builds every known task and refuses others, listing the known ones", () => {
    const inputs = { heldOutDocuments: { sea: [text] } };
    expect(buildEvalTask("quiz-cloze", inputs, 3)).toHaveLength(3);
    expect(buildEvalTask("wordnet-definitions", inputs, 3)).toHaveLength(3);
    expect(() => buildEvalTask("trivia", inputs, 3)).toThrow(
      "evalsuite.yaml: tasks: unknown task trivia; known tasks: quiz-cloze, wordnet-definitions",
    );
  });

  it("refuses a suite naming an unknown task when the run spec loads, before any GPU work", () => {
    const docs = {
      "architecture.yaml": TINY_ARCHITECTURE,
      "datamix.yaml": { sources: { udhr: 1 }, tokenizer: "t", seq_len: 32 },
      "recipe.yaml": tinyRecipe(4),
      "evalsuite.yaml": { ...TINY_EVALSUITE, tasks: ["quiz-cloze", "trivia"] },
    };
    expect(() => parseRunSpec({}, docs)).toThrow(
      'evalsuite.yaml: tasks[1]: tasks[1] is not a known task ("trivia"); known tasks: quiz-cloze, wordnet-definitions',
    );
    const suite = parseRunSpec({}, { ...docs, "evalsuite.yaml": TINY_EVALSUITE }).evalsuite!;
    expect(suite.tasks).toEqual(TINY_EVALSUITE.tasks);
  });

  it("tokenizes items after <|endoftext|> and leaves out choices longer than half a window", () => {
    const items = [
      { id: "a", prompt: "The whale rose from the", choices: [" deep", " deck"], answer: 0 },
      { id: "b", prompt: "The captain called", choices: [" to", " xylophonequartzjinx"], answer: 1 },
    ];
    const [scored, ...rest] = tokenizeChoiceItems(items, tokenizer, eot, 8);
    expect(rest).toEqual([]);
    expect(scored!.answer).toBe(0);
    expect(scored!.choices[0]!.context).toEqual([eot, ...tokenizer.encode("The whale rose from the")]);
    expect(tokenizer.decode(scored!.choices[1]!.continuation)).toBe(" deck");
    expect(tokenizeChoiceItems(items, tokenizer, eot, 64)).toHaveLength(2);
  });

  it("decodes a held-out stream back into its documents", () => {
    const stream = Uint16Array.from([...tokenizer.encode("one two"), eot, ...tokenizer.encode("three"), eot]);
    expect(decodeDocuments(stream, tokenizer, eot)).toEqual(["one two", "three"]);
  });
});
