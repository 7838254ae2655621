// The eval tasks a suite can name (kernels/spec EVAL_TASK_NAMES), built here from packaged data and turned
// into token ids for the engine's scoreChoices. Items are data: building them runs nothing a contributor wrote.
import type { ChoiceItem } from "@forge/kernels";
import { EVAL_TASK_NAMES, isEvalTaskName, type TEvalTaskName } from "@forge/spec";
import type { ByteLevelBpe } from "@forge/core/data";
import { buildQuizCloze, buildWordnetDefinitions, type TTextChoiceItem } from "@forge/core/data/tasks/index";
import { RunSpecError } from "@forge/core/experiments/run-spec";

/** What a task may build its items from. */
export type TEvalTaskInputs = {
  /** The run's held-out documents, as text, per data source (never trained on by this run). */
  heldOutDocuments: Readonly<Record<string, readonly string[]>>;
};

/**
 * Fixed, so the items depend only on the data: base and head of a seed read the same held-out documents and
 * so score the same items; wordnet-definitions is the same for every seed.
 */
const ITEM_SEED = "forge-eval-tasks-v1";

const BUILDERS: Record<TEvalTaskName, (inputs: TEvalTaskInputs, count: number) => TTextChoiceItem[]> = {
  "quiz-cloze": (inputs, count) =>
    buildQuizCloze({ documents: inputs.heldOutDocuments, count, seed: ITEM_SEED }),
  "wordnet-definitions": (_inputs, count) => buildWordnetDefinitions({ count, seed: ITEM_SEED }),
};

/**
 * The text items of one task. The suite's schema already refuses unknown names; this guards the registry and
 * the schema drifting apart, with the same spec error (which fails the run at once rather than retrying).
 */
export function buildEvalTask(name: string, inputs: TEvalTaskInputs, count: number): TTextChoiceItem[] {
  if (!isEvalTaskName(name))
    throw new RunSpecError(
      "evalsuite.yaml: tasks",
      `unknown task ${name}; known tasks: ${EVAL_TASK_NAMES.join(", ")}`,
    );
  return BUILDERS[name](inputs, count);
}

/**
 * Token ids for the scorer: each choice's context is <|endoftext|> (documents start after one in training)
 * then the prompt; its continuation is the choice itself. Items with a choice longer than half a window are
 * left out, so every choice keeps at least half a window of context.
 */
export function tokenizeChoiceItems(
  items: readonly TTextChoiceItem[],
  tokenizer: ByteLevelBpe,
  endOfTextId: number,
  seqLen: number,
): ChoiceItem[] {
  const out: ChoiceItem[] = [];
  for (const item of items) {
    const context = [endOfTextId, ...tokenizer.encode(item.prompt)];
    const continuations = item.choices.map((choice) => Array.from(tokenizer.encode(choice)));
    if (continuations.some((ids) => ids.length === 0 || ids.length > seqLen / 2)) continue;
    out.push({
      choices: continuations.map((continuation) => ({ context, continuation })),
      answer: item.answer,
    });
  }
  return out;
}

/** Splits a held-out token stream at <|endoftext|> and decodes each document. */
export function decodeDocuments(tokens: Uint16Array, tokenizer: ByteLevelBpe, endOfTextId: number): string[] {
  const documents: string[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i += 1) {
    if (i === tokens.length || tokens[i] === endOfTextId) {
      if (i > start) documents.push(tokenizer.decode(tokens.subarray(start, i)));
      start = i + 1;
    }
  }
  return documents;
}
