// eval-run: scores a trained run's final checkpoint on every source's held-out tokens (loss and bits per
// byte), completes the run, and posts the check's results when it was the last run to end.
import type { Job } from "bullmq";
import type { Prisma } from "@forge/db";
import { acquireDevice, evaluateCheckpoint } from "@forge/kernels";
import { defaultObjectStore } from "../../storage";
import { loadMixTokens } from "../../datasets/load-tokens";
import type { TJobPayload, evalRunJob } from "../../contracts";
import { loadRunSpec } from "../../experiments/run-spec";
import { finalizeCheck } from "../../experiments/finalize-check";
import { RunSpecMismatchError, failRun } from "../../experiments/run-failure";
import type { TRunCost, TRunFinal, TSourceScore } from "../../experiments/run-records";
import type { TJobContext } from "../registry";

/** Bits per byte from a mean loss in nats per token and the source's bytes per token. */
export const bitsPerByte = (lossNats: number, bytesPerToken: number) => lossNats / Math.LN2 / bytesPerToken;

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
    const batch = spec.recipe.batch_tokens / spec.seqLen;
    const device = await acquireDevice({ preferCpu: context.env.FORGE_PREFER_CPU === "1" });
    const scores = await evaluateCheckpoint({
      architecture: spec.architecture,
      checkpoint,
      tokens: tokens.val,
      seqLen: spec.seqLen,
      batch,
      maxTokens: spec.recipe.eval_tokens ?? 4 * spec.recipe.batch_tokens,
      device,
    }).finally(() => device.destroy());

    const sources: Record<string, TSourceScore> = {};
    let nats = 0;
    let scoredTokens = 0;
    let bytes = 0;
    for (const [source, score] of Object.entries(scores)) {
      const bytesPerToken = tokens.bytesPerToken[source]!;
      sources[source] = { ...score, bpb: bitsPerByte(score.loss, bytesPerToken) };
      nats += score.loss * score.tokens;
      scoredTokens += score.tokens;
      bytes += score.tokens * bytesPerToken;
    }
    const final: TRunFinal = {
      ...(run.final as TRunFinal),
      sources,
      valLoss: nats / scoredTokens,
      valBpb: nats / Math.LN2 / bytes,
    };
    const cost = run.cost as TRunCost;
    await prisma.run.updateMany({
      where: { id: run.id, state: "RUNNING" },
      data: {
        state: "SUCCEEDED",
        endedAt: new Date(),
        final: final as unknown as Prisma.InputJsonValue,
        cost: { ...cost, gpuSeconds: cost.gpuSeconds + (performance.now() - began) / 1000 },
      },
    });
    await registration.beat(null);
    const outcome = run.checkId ? await finalizeCheck({ prisma, checkId: run.checkId }) : "pending";
    return { valBpb: final.valBpb, check: outcome };
  } catch (error) {
    await registration.beat(null).catch(() => undefined);
    return failRun({ prisma, job, runId: run.id, checkId: run.checkId, error });
  }
}
