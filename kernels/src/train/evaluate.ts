// Evaluates a trained model (a checkpoint written by `train`):
// - evaluateCheckpoint: held-out token arrays, one mean cross-entropy per named array (the eval-run job
//   scores each data source). Each array is cut into the same fixed consecutive windows as train()'s own
//   evaluation, so every run of every proposal is scored on identical text; exactly min(maxTokens, all)
//   whole windows count, each once.
// - scoreChoices: multiple-choice task items, each choice scored by the log-likelihood the model gives its
//   continuation after its context (see scoreChoices).
import { ZArchitecture, hashArtifact, type TArchitecture } from "@forge/spec";
import { acquireDevice, type EngineDevice } from "../runtime/device";
import { readTensor } from "../runtime/buffers";
import { encodeDispatches } from "../runtime/dispatch";
import { buildModel, type Network } from "../models/network";
import { checkArchitecture } from "../models/support";
import { SpecError } from "../models/spec-error";
import { decodeCheckpoint } from "./checkpoint";
import { checkTokens, evalBatch, type Batch, type TokenArray } from "./data";

export type EvaluateOptions = {
  architecture: unknown;
  /** Bytes written by train()'s checkpoint.save. */
  checkpoint: Uint8Array;
  /** Named held-out token arrays, e.g. one per data source. Arrays shorter than seqLen + 1 tokens are
   * left out of the result (there is no whole window to score). */
  tokens: Record<string, TokenArray>;
  seqLen: number;
  batch: number;
  /** Tokens scored per array at most (whole windows, at least one); the whole array when absent. */
  maxTokens?: number;
  device?: EngineDevice;
};

/** Mean loss in nats per token and the number of tokens scored, per named array. */
export type EvaluateResult = Record<string, { loss: number; tokens: number }>;

/** Decodes a checkpoint, builds its model at (batch, seqLen) with the trained parameters, runs `use`, frees it. */
async function withCheckpointModel<R>(
  opts: {
    architecture: unknown;
    checkpoint: Uint8Array;
    seqLen: number;
    batch: number;
    device?: EngineDevice;
  },
  validate: (arch: TArchitecture) => void,
  use: (net: Network, dev: EngineDevice) => Promise<R>,
): Promise<R> {
  const parsed = ZArchitecture.safeParse(opts.architecture);
  if (!parsed.success) throw new SpecError("architecture", parsed.error.issues[0]?.message ?? "invalid");
  const arch = parsed.data;
  const { batch: B, seqLen: T } = opts;
  const state = decodeCheckpoint(opts.checkpoint);
  if (state.header.archHash !== hashArtifact(arch))
    throw new Error("checkpoint: made for another architecture");
  validate(arch);

  const dev = opts.device ?? (await acquireDevice());
  try {
    checkArchitecture(arch, { batch: B, seqLen: T, limits: dev.gpu.limits });
    const net = buildModel(arch, dev, { seed: state.header.seed, batch: B, seqLen: T });
    try {
      if (net.layout.total !== state.header.paramCount) {
        throw new Error(
          `checkpoint: ${state.header.paramCount} parameters, the model has ${net.layout.total}`,
        );
      }
      net.setParameters(state.params);
      return await use(net, dev);
    } finally {
      net.release();
    }
  } finally {
    if (!opts.device) dev.destroy();
  }
}

/** Runs the forward on one batch and reads back the loss (nats) at each of its batch·seqLen positions. */
async function positionLosses(net: Network, dev: EngineDevice, batch: Batch): Promise<Float32Array> {
  net.setBatch(batch.inputs, batch.targets);
  const encoder = dev.gpu.createCommandEncoder();
  encodeDispatches(encoder, [...net.forward, ...net.evalLoss]);
  dev.gpu.queue.submit([encoder.finish()]);
  return readTensor(dev.gpu, net.tokenLosses);
}

export async function evaluateCheckpoint(opts: EvaluateOptions): Promise<EvaluateResult> {
  const { batch: B, seqLen: T } = opts;
  const usable = Object.entries(opts.tokens).filter(([, tokens]) => tokens.length >= T + 1);
  return withCheckpointModel(
    opts,
    (arch) => {
      for (const [name, tokens] of usable) checkTokens(name, tokens, arch.vocab, T);
    },
    async (net, dev) => {
      const result: EvaluateResult = {};
      for (const [name, tokens] of usable) {
        const all = Math.floor((tokens.length - 1) / T);
        const windows =
          opts.maxTokens === undefined ? all : Math.min(all, Math.max(1, Math.floor(opts.maxTokens / T)));
        let nats = 0;
        for (let k = 0; k * B < windows; k++) {
          // Per-position losses, so the last batch counts only its wanted windows (evalBatch wraps around).
          const losses = await positionLosses(net, dev, evalBatch(tokens, k, B, T));
          const wanted = Math.min(B, windows - k * B) * T;
          for (let i = 0; i < wanted; i++) nats += losses[i]!;
        }
        const loss = nats / (windows * T);
        if (!Number.isFinite(loss)) throw new Error(`evaluation: loss is ${loss} on ${name}`);
        result[name] = { loss, tokens: windows * T };
      }
      return result;
    },
  );
}

/** One answer of a multiple-choice item: the text before it and the answer itself, as token ids. */
export type Choice = { context: ArrayLike<number>; continuation: ArrayLike<number> };
/** A multiple-choice item: its choices and the index of the right one. */
export type ChoiceItem = { choices: Choice[]; answer: number };

export type ScoreChoicesOptions = {
  architecture: unknown;
  /** Bytes written by train()'s checkpoint.save. */
  checkpoint: Uint8Array;
  /** Items per named task. */
  tasks: Record<string, ChoiceItem[]>;
  seqLen: number;
  batch: number;
  /** Token that fills the window after a choice's last token (any id: causal attention never sees it). */
  padToken?: number;
  device?: EngineDevice;
};

export type ChoiceItemScore = {
  /** Per choice: the summed log-likelihood (nats, <= 0) of its continuation tokens. */
  logLikelihood: number[];
  /** Per choice: the mean log-likelihood per continuation token. */
  perToken: number[];
  /** The choice with the highest summed log-likelihood (the first of equals). */
  predicted: number;
  /** The right choice scored strictly higher than every other. */
  correct: boolean;
  /** Same, by the per-token mean (which does not favour short answers). */
  correctPerToken: boolean;
};

export type TaskScore = {
  items: number;
  /** Share of items whose right choice has the highest summed log-likelihood. */
  accuracy: number;
  /** Share of items whose right choice has the highest per-token log-likelihood. */
  accuracyPerToken: number;
  perItem: ChoiceItemScore[];
};

export type ScoreChoicesResult = Record<string, TaskScore>;

const strictlyHighest = (scores: number[], index: number) =>
  scores.every((score, i) => i === index || scores[index]! > score);

/**
 * Scores multiple-choice items with a trained model. Each choice is its context followed by its
 * continuation, placed alone at the start of a window of seqLen + 1 tokens (the context loses tokens from
 * its start when the two do not fit) and padded after; with causal attention the padding cannot change the
 * losses before it. A choice's score is the summed log-likelihood of its continuation tokens, read from the
 * same per-position losses as evaluateCheckpoint; an item is correct when its right choice scores strictly
 * highest. Windows of all items are packed batch by batch, so the result does not depend on the batch size.
 */
export async function scoreChoices(opts: ScoreChoicesOptions): Promise<ScoreChoicesResult> {
  const { batch: B, seqLen: T } = opts;
  const pad = opts.padToken ?? 0;
  // Every choice of every item of every task as a window: [task, item, choice] and its token sequence.
  type Window = { task: string; item: number; choice: number; sequence: number[]; continuation: number };
  const windows: Window[] = [];
  const fields: { field: string; ids: ArrayLike<number> }[] = [];
  for (const [task, items] of Object.entries(opts.tasks)) {
    items.forEach((item, i) => {
      const at = `tasks.${task}[${i}]`;
      if (item.choices.length < 2) throw new Error(`${at}: needs at least 2 choices`);
      if (!Number.isInteger(item.answer) || item.answer < 0 || item.answer >= item.choices.length)
        throw new Error(`${at}.answer: ${item.answer} is not one of its ${item.choices.length} choices`);
      item.choices.forEach((choice, c) => {
        const m = choice.continuation.length;
        if (m < 1) throw new Error(`${at}.choices[${c}].continuation: is empty`);
        if (choice.context.length < 1) throw new Error(`${at}.choices[${c}].context: is empty`);
        if (m > T) throw new Error(`${at}.choices[${c}].continuation: ${m} tokens do not fit seq_len ${T}`);
        fields.push({ field: `${at}.choices[${c}].context`, ids: choice.context });
        fields.push({ field: `${at}.choices[${c}].continuation`, ids: choice.continuation });
        const all = [...Array.from(choice.context), ...Array.from(choice.continuation)];
        windows.push({ task, item: i, choice: c, sequence: all.slice(-(T + 1)), continuation: m });
      });
    });
  }
  return withCheckpointModel(
    opts,
    (arch) => {
      for (const { field, ids } of fields) {
        for (let i = 0; i < ids.length; i++) {
          if (!(ids[i]! >= 0 && ids[i]! < arch.vocab))
            throw new Error(`${field}: token ${ids[i]} at index ${i} is outside vocab ${arch.vocab}`);
        }
      }
      if (!(pad >= 0 && pad < arch.vocab)) throw new Error(`padToken: ${pad} is outside vocab ${arch.vocab}`);
    },
    async (net, dev) => {
      // logLikelihood[window], in the order of `windows`.
      const logLikelihood = new Float64Array(windows.length);
      for (let start = 0; start < windows.length; start += B) {
        const inputs = new Uint32Array(B * T).fill(pad);
        const targets = new Uint32Array(B * T).fill(pad);
        const slice = windows.slice(start, start + B);
        slice.forEach(({ sequence }, b) => {
          inputs.set(sequence.slice(0, -1), b * T);
          targets.set(sequence.slice(1), b * T);
        });
        const losses = await positionLosses(net, dev, { inputs, targets });
        slice.forEach(({ sequence, continuation }, b) => {
          // The continuation's tokens are the last `continuation` targets of the sequence.
          const end = sequence.length - 1;
          let nats = 0;
          for (let t = end - continuation; t < end; t++) nats += losses[b * T + t]!;
          logLikelihood[start + b] = -nats;
        });
      }
      const result: ScoreChoicesResult = {};
      let w = 0;
      for (const [task, items] of Object.entries(opts.tasks)) {
        const perItem = items.map((item): ChoiceItemScore => {
          const sums = item.choices.map(() => logLikelihood[w++]!);
          const perToken = sums.map((sum, c) => sum / item.choices[c]!.continuation.length);
          if (!sums.every(Number.isFinite))
            throw new Error(`evaluation: a choice's log-likelihood is not finite on task ${task}`);
          return {
            logLikelihood: sums,
            perToken,
            predicted: sums.indexOf(Math.max(...sums)),
            correct: strictlyHighest(sums, item.answer),
            correctPerToken: strictlyHighest(perToken, item.answer),
          };
        });
        const share = (count: number) => (items.length === 0 ? 0 : count / items.length);
        result[task] = {
          items: items.length,
          accuracy: share(perItem.filter((s) => s.correct).length),
          accuracyPerToken: share(perItem.filter((s) => s.correctPerToken).length),
          perItem,
        };
      }
      return result;
    },
  );
}
