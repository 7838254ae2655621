// train-run: trains one run (a revision's specs at one seed) on this worker's device, checkpointing to the
// object store so a killed worker's job resumes on another worker exactly where the checkpoint left it
// (batches and schedule depend only on seed and step). Progress streams into the run's RunMetric rows; the
// final model goes to eval-run for held-out scoring.
import type { Job } from "bullmq";
import { acquireDevice, train } from "@forge/kernels";
import { ObjectNotFoundError, defaultObjectStore } from "@forge/core/storage";
import { loadMixTokens } from "../../datasets/load-tokens";
import { enqueue } from "@forge/core/queue";
import { evalRunJob, type TJobPayload, type trainRunJob } from "@forge/core/contracts";
import { checkpointKey, evalJobId } from "@forge/core/experiments/check-keys";
import { loadRunSpec, runSpecHash } from "@forge/core/experiments/run-spec";
import { runFlops } from "@forge/core/experiments/estimate";
import { RunProgress, RunStoppedError, assertOwnsRun } from "../../experiments/run-progress";
import { RunSpecMismatchError, failRun } from "../../experiments/run-failure";
import { concatTokens } from "../../experiments/tokens";
import { finiteOrNull } from "@forge/core/experiments/run-records";
import { runCost, runFinal, runProfile } from "@forge/core/experiments/json-columns";
import { JobHandedBackError, type TJobContext } from "../registry";
import { log } from "../../log";

const PROGRESS_INTERVAL_MS = 1000;
/** Aim for a checkpoint about this often, in steps (on a divisor of the run's steps, see below). */
const CHECKPOINT_TARGET_STEPS = 8;

/**
 * The engine saves after steps that are multiples of everySteps; a divisor of the run's steps guarantees the
 * last save is the final model, which eval-run scores.
 */
export function checkpointInterval(steps: number, target = CHECKPOINT_TARGET_STEPS): number {
  for (let every = Math.min(target, steps); every > 1; every--) if (steps % every === 0) return every;
  return 1;
}

function enqueueEval(run: { id: string; specHash: string }, context: TJobContext) {
  return enqueue(
    evalRunJob,
    { runId: run.id, specHash: run.specHash },
    { redisUrl: context.env.REDIS_URL, jobId: evalJobId(run.id) },
  );
}

export async function handleTrainRun(
  job: Job,
  payload: TJobPayload<typeof trainRunJob>,
  context: TJobContext,
) {
  const { prisma, registration } = context;
  const run = await prisma.run.findUnique({ where: { id: payload.runId } });
  if (!run) throw new RunSpecMismatchError(`run ${payload.runId} does not exist`);
  // Idempotent: a finished, failed or cancelled run is not trained again.
  if (run.state !== "QUEUED" && run.state !== "RUNNING") return { skipped: run.state };
  // Trained by an attempt that died before (or while) queueing the eval: queue it now (its job id dedupes).
  if (run.final && run.checkpointKey) {
    await enqueueEval(run, context);
    return { skipped: "trained" };
  }

  const began = performance.now();
  try {
    if (run.specHash !== payload.specHash)
      throw new RunSpecMismatchError(`job spec ${payload.specHash.slice(0, 12)} is not the run's`);
    const spec = await loadRunSpec({ prisma, projectId: run.projectId, revision: run.revision });
    if (runSpecHash(spec.tree, run.seed) !== run.specHash)
      throw new RunSpecMismatchError("the revision's artifacts no longer hash to the run's spec");

    // Guarded: a cancel that landed since the run was read must not be undone.
    const claimed = await prisma.run.updateMany({
      where: { id: run.id, state: { in: ["QUEUED", "RUNNING"] } },
      data: { state: "RUNNING", workerId: registration.id, startedAt: run.startedAt ?? new Date() },
    });
    if (claimed.count === 0) return { skipped: "cancelled" };
    // Read after claiming: a worker that trained the run before can no longer write to it (its writes are
    // guarded by workerId), so this counts all the time it held the device.
    const claimedRun = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    const priorGpuSeconds = claimedRun.gpuSeconds ?? 0;
    if (run.checkId)
      await prisma.check.updateMany({
        where: { id: run.checkId, state: "QUEUED" },
        data: { state: "RUNNING" },
      });
    await registration.beat(run.id);

    const store = defaultObjectStore();
    const tokens = await loadMixTokens({
      prisma,
      store,
      projectId: run.projectId,
      datamix: spec.datamix,
      seed: run.seed,
    });
    const key = checkpointKey(run.id);
    const progress = new RunProgress(prisma, run.id, registration.id, async (lastStep) => {
      await job.updateProgress({ step: lastStep ?? 0, steps: spec.steps });
      await prisma.run.updateMany({
        where: { id: run.id, workerId: registration.id },
        data: { gpuSeconds: priorGpuSeconds + (performance.now() - began) / 1000 },
      });
    });
    progress.start(PROGRESS_INTERVAL_MS);
    const handBack = () => progress.abort.abort(new RunStoppedError("worker shutting down"));
    context.shutdown.addEventListener("abort", handBack, { once: true });
    if (context.shutdown.aborted) handBack();
    const device = await acquireDevice({ preferCpu: context.env.FORGE_PREFER_CPU === "1" });
    let result;
    let firstStep: number | null = null;
    try {
      result = await train({
        device,
        architecture: spec.architecture,
        recipe: spec.recipe,
        seqLen: spec.seqLen,
        train: tokens.train,
        val: concatTokens(Object.values(tokens.val)),
        seed: run.seed,
        signal: progress.abort.signal,
        onStep: (step, info) => {
          if (firstStep === null) {
            firstStep = step;
            if (step > 0) log.info(`run ${run.id} resumed at step ${step} from its checkpoint`);
          }
          progress.step({ step, tokens: info.tokens, loss: info.loss, lr: info.lr, ms: info.elapsedMs });
        },
        onEval: (step, info) => progress.evaluated(step, info.loss),
        checkpoint: {
          everySteps: checkpointInterval(spec.steps),
          // A worker that lost the run must not overwrite the new owner's checkpoint.
          save: async (state) => {
            // The points up to the checkpoint reach Postgres first: a run resumed from it must have no gap.
            await progress.persist();
            await assertOwnsRun(prisma, run.id, registration.id);
            await store.put(key, state);
          },
          load: () =>
            store.get(key).catch((error: unknown) => {
              if (error instanceof ObjectNotFoundError) return null;
              throw error;
            }),
        },
      });
    } catch (error) {
      device.destroy();
      await progress.stop();
      if (progress.abort.signal.aborted || error instanceof RunStoppedError) {
        const reason = error instanceof RunStoppedError ? error.reason : "cancelled";
        log.info(`run ${run.id} ${reason}`);
        await registration.beat(null);
        if (reason === "worker shutting down") throw new JobHandedBackError(`run ${run.id} handed back`);
        return { stopped: reason };
      }
      throw error;
    } finally {
      context.shutdown.removeEventListener("abort", handBack);
    }
    device.destroy();
    await progress.stop();
    await progress.flush();

    // An attempt that resumed from the final checkpoint trained no step: no throughput, no last loss of its own.
    const trainSeconds = finiteOrNull((result.steps * spec.recipe.batch_tokens) / result.tokensPerSecond);
    const recorded = await prisma.run.updateMany({
      where: { id: run.id, workerId: registration.id, state: "RUNNING" },
      data: {
        final: runFinal.write({
          steps: result.steps,
          trainLoss: finiteOrNull(result.finalLoss),
          evalLoss: result.evalLoss,
        }),
        gpuSeconds: priorGpuSeconds + (performance.now() - began) / 1000,
        cost: runCost.write({
          trainSeconds,
          tokens: result.steps * spec.recipe.batch_tokens,
          tokensPerSecond: result.tokensPerSecond,
          peakBytes: result.peakBytes,
          flops: runFlops(spec),
          adapter: device.adapter.kind,
        }),
        profile: runProfile.write(result.profile),
        checkpointKey: key,
      },
    });
    if (recorded.count === 0) {
      log.info(`run ${run.id} taken over or cancelled before it finished here`);
      await registration.beat(null);
      return { stopped: "taken over" };
    }
    await enqueueEval(run, context);
    await registration.beat(null);
    return { finalLoss: result.finalLoss, steps: result.steps };
  } catch (error) {
    if (error instanceof JobHandedBackError) throw error;
    await registration.beat(null).catch(() => undefined);
    return failRun({ prisma, job, runId: run.id, error });
  }
}
