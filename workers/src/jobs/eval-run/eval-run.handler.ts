// eval-run: scores a trained run's final checkpoint on every source's held-out tokens (loss and bits per
// byte) and on the eval suite's tasks (accuracy), completes the run, and posts the check's results when it
// was the last run to end.
import type { Job } from "bullmq";
import type { PrismaClient } from "@forge/db";
import { acquireDevice, evaluateCheckpoint, scoreChoices, type ChoiceItem } from "@forge/kernels";
import { defaultObjectStore, type ObjectStore } from "@forge/core/storage";
import { loadMixTokens, type TMixTokens } from "../../datasets/load-tokens";
import { loadTokenizer } from "@forge/core/datasets/tokenizer-artifact";
import type { TJobPayload, evalRunJob } from "@forge/core/contracts";
import { RunSpecError, loadRunSpec, type TRunSpec } from "@forge/core/experiments/run-spec";
import { buildEvalTask, decodeDocuments, tokenizeChoiceItems } from "../../experiments/eval-tasks";
import { finalizeCheck } from "@forge/core/experiments/finalize-check";
import { RunSpecMismatchError, failRun } from "../../experiments/run-failure";
import type { TSourceScore, TTaskScore } from "@forge/core/experiments/run-records";
import { runFinal } from "@forge/core/experiments/json-columns";
import type { TJobContext } from "../registry";

/** Bits per byte from a mean loss in nats per token and the source's bytes per token. */
export const bitsPerByte = (lossNats: number, bytesPerToken: number) => lossNats / Math.LN2 / bytesPerToken;

/**
 * The suite's tasks as token ids, built before any GPU work. quiz-cloze reads this run's held-out documents,
 * which base and head of a seed share (the split is seeded by the run's seed), so a pair scores the same items.
 */
async function buildTaskItems(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  projectId: string;
  spec: TRunSpec;
  tokens: TMixTokens;
}): Promise<Record<string, ChoiceItem[]>> {
  const { spec, tokens } = options;
  const suite = spec.evalsuite;
  const names = suite?.tasks ?? [];
  if (!suite || names.length === 0) return {};
  const { tokenizer } = await loadTokenizer({
    prisma: options.prisma,
    store: options.store,
    projectId: options.projectId,
    name: spec.datamix.tokenizer,
  });
  const heldOutDocuments = Object.fromEntries(
    Object.entries(tokens.val).map(([source, ids]) => [
      source,
      decodeDocuments(ids, tokenizer, tokens.endOfTextId),
    ]),
  );
  const tasks: Record<string, ChoiceItem[]> = {};
  for (const name of names) {
    const items = buildEvalTask(name, { heldOutDocuments }, suite.task_items);
    tasks[name] = tokenizeChoiceItems(items, tokenizer, tokens.endOfTextId, spec.seqLen);
    if (tasks[name].length === 0)
      throw new RunSpecError("evalsuite.yaml: tasks", `${name} has no items this model's window can score`);
  }
  return tasks;
}

export async function handleEvalRun(job: Job, payload: TJobPayload<typeof evalRunJob>, context: TJobContext) {
  const { prisma, registration } = context;
  const run = await prisma.run.findUnique({ where: { id: payload.runId } });
  if (!run) throw new RunSpecMismatchError(`run ${payload.runId} does not exist`);
  // A retry after the run completed only makes sure the results were posted.
  if (run.state !== "RUNNING") {
    if (run.checkId) await finalizeCheck({ prisma, checkId: run.checkId });
    return { skipped: run.state };
  }
  const began = performance.now();
  try {
    if (run.specHash !== payload.specHash || !run.checkpointKey || !run.final)
      throw new RunSpecMismatchError(`run ${run.id} has no trained model to evaluate`);
    await registration.beat(run.id);
    const spec = await loadRunSpec({ prisma, projectId: run.projectId, revision: run.revision });
    const store = defaultObjectStore();
    const [tokens, checkpoint] = await Promise.all([
      loadMixTokens({ prisma, store, projectId: run.projectId, datamix: spec.datamix, seed: run.seed }),
      store.get(run.checkpointKey),
    ]);
    const taskItems = await buildTaskItems({ prisma, store, projectId: run.projectId, spec, tokens });
    const batch = spec.recipe.batch_tokens / spec.seqLen;
    const device = await acquireDevice({ preferCpu: context.env.FORGE_PREFER_CPU === "1" });
    const model = { architecture: spec.architecture, checkpoint, seqLen: spec.seqLen, batch, device };
    let scores: Awaited<ReturnType<typeof evaluateCheckpoint>>;
    let taskScores: Awaited<ReturnType<typeof scoreChoices>> = {};
    try {
      scores = await evaluateCheckpoint({
        ...model,
        tokens: tokens.val,
        maxTokens: spec.recipe.eval_tokens ?? 4 * spec.recipe.batch_tokens,
      });
      if (Object.keys(taskItems).length > 0) {
        await registration.beat(run.id);
        taskScores = await scoreChoices({ ...model, tasks: taskItems });
      }
    } finally {
      device.destroy();
    }

    const sources: Record<string, TSourceScore> = {};
    let nats = 0;
    let scoredTokens = 0;
    let bytes = 0;
    for (const [source, score] of Object.entries(scores)) {
      const bytesPerToken = tokens.bytesPerToken[source];
      if (bytesPerToken === undefined) throw new Error(`no bytes-per-token figure for source ${source}`);
      sources[source] = { ...score, bpb: bitsPerByte(score.loss, bytesPerToken) };
      nats += score.loss * score.tokens;
      scoredTokens += score.tokens;
      bytes += score.tokens * bytesPerToken;
    }
    const tasks: Record<string, TTaskScore> = {};
    for (const [name, score] of Object.entries(taskScores))
      tasks[name] = {
        accuracy: score.accuracy,
        accuracyPerToken: score.accuracyPerToken,
        items: score.items,
      };
    const accuracies = Object.values(tasks).map((t) => t.accuracy);
    const final = runFinal.write({
      ...runFinal.read(run.final),
      sources,
      valLoss: nats / scoredTokens,
      valBpb: nats / Math.LN2 / bytes,
      ...(accuracies.length > 0
        ? { tasks, taskAccuracy: accuracies.reduce((a, b) => a + b, 0) / accuracies.length }
        : {}),
    });
    await prisma.run.updateMany({
      where: { id: run.id, state: "RUNNING" },
      data: {
        state: "SUCCEEDED",
        endedAt: new Date(),
        final,
        gpuSeconds: (run.gpuSeconds ?? 0) + (performance.now() - began) / 1000,
      },
    });
    await registration.beat(null);
    const outcome = run.checkId ? await finalizeCheck({ prisma, checkId: run.checkId }) : "pending";
    return { valBpb: final.valBpb, taskAccuracy: final.taskAccuracy, check: outcome };
  } catch (error) {
    await registration.beat(null).catch(() => undefined);
    return failRun({ prisma, job, runId: run.id, error });
  }
}
