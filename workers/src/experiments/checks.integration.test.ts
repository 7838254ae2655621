// End-to-end behaviour of training checks against real PostgreSQL, a private redis-server, real worker
// processes and the WGSL engine on lavapipe: fail-fast validation, crash recovery from checkpoints,
// exactly-once results, and a Redis restart in the middle of a run.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { FilesystemObjectStore } from "@forge/core/storage";
import { createRedis, enqueue, closeQueues } from "@forge/core/queue";
import { QUEUES, evalRunJob, trainRunJob } from "@forge/core/contracts";
import { approveCheck, queueCheck } from "@forge/core/experiments/queue-check";
import { cancelCheck } from "@forge/core/experiments/cancel-check";
import { cancelRun } from "@forge/core/experiments/cancel-run";
import { finalizeCheck } from "@forge/core/experiments/finalize-check";
import { resultsCommentKey, trainJobId } from "@forge/core/experiments/check-keys";
import { checkSummary, runCost, runFinal } from "@forge/core/experiments/json-columns";
import { copyRunCurve, readRunCurves } from "@forge/core/experiments/run-curves";
import {
  PrivateRedis,
  TINY_ARCHITECTURE,
  TINY_EVALSUITE,
  WorkerProcess,
  createExperimentProject,
  freePort,
  openExperimentProposal,
  tinyRecipe,
  waitFor,
  type TExperimentProject,
} from "./experiment-fixtures";

const STEPS = 32;
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge";
const prisma = createPrismaClient(databaseUrl);
const dataDir = mkdtempSync(path.join(tmpdir(), "forge-checks-"));
const store = new FilesystemObjectStore(dataDir);
let redis: PrivateRedis;
let project: TExperimentProject;
const workers: WorkerProcess[] = [];

const workerEnv = () => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redis.url,
  FORGE_DATA_DIR: dataDir,
  // Short locks so a killed worker's job is recovered within seconds.
  FORGE_LOCK_DURATION_MS: "4000",
  FORGE_STALLED_INTERVAL_MS: "1000",
});

async function startWorker() {
  const worker = new WorkerProcess(workerEnv());
  workers.push(worker);
  const id = await worker.ready(prisma);
  return { worker, id };
}

async function finishedCheck(checkId: string, timeoutMs: number) {
  return waitFor(
    `check ${checkId} to end`,
    async () => {
      const check = await prisma.check.findUniqueOrThrow({ where: { id: checkId }, include: { runs: true } });
      return ["PASSED", "FAILED", "CANCELLED"].includes(check.state) ? check : null;
    },
    timeoutMs,
  );
}

const resultsComments = (checkId: string) =>
  prisma.comment.findMany({ where: { systemKey: resultsCommentKey(checkId) } });

/** The steps of the run's loss curve, in order. */
const recordedSteps = async (runId: string) =>
  ((await readRunCurves(prisma, [runId])).get(runId) ?? []).map((p) => p.step);

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  project = await createExperimentProject({ prisma, store, steps: STEPS });
  await Promise.all([startWorker(), startWorker()]);
}, 240_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await closeQueues();
  await redis.stop();
  await prisma.$disconnect();
});

describe("training checks", () => {
  it("fails fast, without retries, when the engine rejects the head's spec, and says why on the check", async () => {
    const proposal = await openExperimentProposal(prisma, project, "moe block", {
      "architecture.yaml": {
        ...TINY_ARCHITECTURE,
        layers: [
          ...TINY_ARCHITECTURE.layers,
          { type: "moe", experts: 4, top_k: 2, d_ff: 32, capacity_factor: 1.25, aux_loss: 0.01 },
        ],
      },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    expect(queued?.state).toBe("QUEUED");
    const check = await finishedCheck(queued!.checkId, 180_000);
    expect(check.state).toBe("FAILED");
    const summary = checkSummary.read(check.summary);
    expect(summary.error).toMatch(
      /head seed 1 failed: architecture\.layers\[2\]\.type: moe layers are not implemented/,
    );

    const head = check.runs.find((r) => r.role === "HEAD")!;
    const connection = createRedis(redis.url);
    const queue = new Queue(QUEUES.gpu, { connection });
    const job = await queue.getJob(trainJobId(head.id));
    expect(await job!.getState()).toBe("failed");
    expect(job!.attemptsMade).toBe(1);
    await queue.close();
    await connection.quit();

    const comments = await resultsComments(check.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("FAILED");
    // The base still trained: its results are cached for the next proposal on this main.
    expect(check.runs.find((r) => r.role === "BASE")!.state).toBe("SUCCEEDED");
  }, 240_000);

  it("resumes a SIGKILLed worker's run from its checkpoint on another worker, with the same final result", async () => {
    // Only the eval suite's inference contexts differ: the head trains exactly what the cached base trained.
    const proposal = await openExperimentProposal(prisma, project, "profile another context", {
      "evalsuite.yaml": { ...TINY_EVALSUITE, inference_profile: { contexts: [16, 32] } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const runs = await prisma.run.findMany({ where: { checkId: queued!.checkId } });
    const base = runs.find((r) => r.role === "BASE")!;
    expect(base.state).toBe("SUCCEEDED"); // reused from the first check's base run
    expect(base.reusedFromId).toBeTruthy();
    const headId = runs.find((r) => r.role === "HEAD")!.id;

    // Kill the worker training the head once it is past its first checkpoint (every 8 steps).
    const running = await waitFor(
      "the head run to pass step 9",
      async () => {
        const run = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
        return run.workerId && (await recordedSteps(headId)).length > 9 ? run : null;
      },
      120_000,
    );
    const victim = workers.find((w) => running.workerId!.includes(`-${w.pid}-`))!;
    expect(victim).toBeDefined();
    await victim.stop("SIGKILL");
    const survivor = workers.find(
      (w) => w !== victim && w.child.exitCode === null && w.child.signalCode === null,
    )!;

    const check = await finishedCheck(queued!.checkId, 180_000);
    const head = check.runs.find((r) => r.id === headId)!;
    expect(head.state).toBe("SUCCEEDED");
    expect(head.workerId).not.toBe(running.workerId);
    expect(survivor.output).toMatch(
      new RegExp(`run ${headId} resumed at step (8|16|24) from its checkpoint`),
    );
    expect(await recordedSteps(headId)).toEqual(Array.from({ length: STEPS }, (_, i) => i));

    const headFinal = runFinal.read(head.final);
    const baseFinal = runFinal.read(check.runs.find((r) => r.role === "BASE")!.final);
    expect(headFinal.trainLoss).toBe(baseFinal.trainLoss);
    expect(headFinal.valBpb).toBe(baseFinal.valBpb);
    expect(headFinal.tasks).toEqual(baseFinal.tasks);
    expect(check.state).toBe("PASSED");
    await startWorker(); // back to two workers
  }, 360_000);

  it("hands a run back on SIGTERM: the worker exits at once and another resumes from the checkpoint", async () => {
    const proposal = await openExperimentProposal(prisma, project, "seed 11", {
      "recipe.yaml": tinyRecipe(STEPS, [11]),
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const running = await waitFor(
      "a run of the check to pass step 9",
      async () => {
        const runs = await prisma.run.findMany({ where: { checkId: queued!.checkId, state: "RUNNING" } });
        for (const run of runs) if (run.workerId && (await recordedSteps(run.id)).length > 9) return run;
        return null;
      },
      120_000,
    );
    const victim = workers.find((w) => running.workerId!.includes(`-${w.pid}-`))!;
    const began = Date.now();
    await victim.stop("SIGTERM");
    // It did not train the rest of the run first (a 32-step run takes far longer than its step interval).
    expect(victim.output).toContain(`run ${running.id} worker shutting down`);
    expect(Date.now() - began).toBeLessThan(10_000);

    const check = await finishedCheck(queued!.checkId, 180_000);
    const resumed = check.runs.find((r) => r.id === running.id)!;
    expect(resumed.state).toBe("SUCCEEDED");
    expect(resumed.workerId).not.toBe(running.workerId);
    expect(await recordedSteps(resumed.id)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    expect(workers.some((w) => w !== victim && w.output.includes(`run ${running.id} resumed at step`))).toBe(
      true,
    );
    expect(check.state).toBe("PASSED");
    await startWorker(); // back to two workers
  }, 360_000);

  it("posts the results comment exactly once when jobs are retried or finish together", async () => {
    const check = await prisma.check.findFirstOrThrow({
      where: { proposal: { projectId: project.projectId }, state: "PASSED" },
      include: { runs: true },
    });
    expect(await resultsComments(check.id)).toHaveLength(1);
    // A retried eval job of a finished run, then five concurrent finalizers.
    const head = check.runs.find((r) => r.role === "HEAD")!;
    const retry = await enqueue(
      evalRunJob,
      { runId: head.id, specHash: head.specHash },
      { redisUrl: redis.url, jobId: `retry-${head.id}` },
    );
    await waitFor(
      "the retried eval job",
      async () => ["completed", "failed"].includes(await retry.getState()),
      60_000,
    );
    expect(await retry.getState()).toBe("completed");
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => finalizeCheck({ prisma, checkId: check.id })),
    );
    expect(outcomes.every((o) => o === "already-posted")).toBe(true);
    expect(await resultsComments(check.id)).toHaveLength(1);

    // Racing finalizers on a check nobody has posted for yet: one comment, one "posted".
    const proposal = await openExperimentProposal(prisma, project, "race", {
      "recipe.yaml": tinyRecipe(STEPS, [5]),
    });
    const raced = await prisma.check.create({
      data: {
        proposalId: proposal.id,
        revision: check.revision,
        kind: "training",
        state: "RUNNING",
        summary: checkSummary.write(checkSummary.read(check.summary)),
        runs: {
          create: ["BASE", "HEAD"].map((role) => ({
            projectId: project.projectId,
            revision: check.revision,
            role: role as "BASE" | "HEAD",
            seed: 5,
            specHash: "0".repeat(64),
            state: "FAILED",
            error: "worker lost",
          })),
        },
      },
    });
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => finalizeCheck({ prisma, checkId: raced.id })),
    );
    expect(racing.filter((o) => o === "posted")).toHaveLength(1);
    expect(await resultsComments(raced.id)).toHaveLength(1);
    expect((await prisma.check.findUniqueOrThrow({ where: { id: raced.id } })).state).toBe("FAILED");
  }, 120_000);

  it("a train job retried after its run was trained (eval never queued) queues the eval, and the check ends", async () => {
    const passed = await prisma.check.findFirstOrThrow({
      where: { proposal: { projectId: project.projectId }, state: "PASSED" },
      include: { runs: true },
    });
    // The state an attempt leaves when it dies between recording the trained model and queueing eval-run.
    const proposal = await openExperimentProposal(prisma, project, "eval lost", {
      "recipe.yaml": tinyRecipe(STEPS, [6]),
    });
    const orphaned = await prisma.check.create({
      data: {
        proposalId: proposal.id,
        revision: passed.revision,
        kind: "training",
        state: "RUNNING",
        summary: checkSummary.write(checkSummary.read(passed.summary)),
        runs: {
          create: passed.runs.map((r) => ({
            projectId: project.projectId,
            revision: r.revision,
            role: r.role,
            seed: r.seed,
            specHash: r.specHash,
            state: "RUNNING" as const,
            final: runFinal.write({ ...runFinal.read(r.final), valBpb: undefined, sources: undefined }),
            gpuSeconds: r.gpuSeconds,
            cost: runCost.write(runCost.read(r.cost)),
            checkpointKey: r.checkpointKey,
          })),
        },
      },
      include: { runs: true },
    });
    for (const run of orphaned.runs) {
      const trained = passed.runs.find((r) => r.role === run.role && r.seed === run.seed)!;
      await copyRunCurve(prisma, { from: trained.id, to: run.id });
    }
    for (const run of orphaned.runs)
      await enqueue(
        trainRunJob,
        { runId: run.id, specHash: run.specHash },
        { redisUrl: redis.url, jobId: trainJobId(run.id) },
      );
    const ended = await finishedCheck(orphaned.id, 120_000);
    expect(ended.state).toBe("PASSED");
    expect(ended.runs.every((r) => r.state === "SUCCEEDED")).toBe(true);
    expect(await resultsComments(orphaned.id)).toHaveLength(1);
  }, 150_000);

  it("finalizes a check still awaiting approval once its last run is cancelled", async () => {
    const passed = await prisma.check.findFirstOrThrow({
      where: { proposal: { projectId: project.projectId }, state: "PASSED" },
    });
    const proposal = await openExperimentProposal(prisma, project, "held", {
      "recipe.yaml": tinyRecipe(STEPS, [7]),
    });
    const held = await prisma.check.create({
      data: {
        proposalId: proposal.id,
        revision: passed.revision,
        kind: "training",
        state: "AWAITING_APPROVAL",
        summary: checkSummary.write(checkSummary.read(passed.summary)),
        runs: {
          create: (["BASE", "HEAD"] as const).map((role) => ({
            projectId: project.projectId,
            revision: passed.revision,
            role,
            seed: 7,
            specHash: "0".repeat(64),
          })),
        },
      },
      include: { runs: true },
    });
    expect(await cancelRun({ prisma, runId: held.runs[0]!.id, cancelledBy: "ada" })).toBe(true);
    expect((await prisma.check.findUniqueOrThrow({ where: { id: held.id } })).state).toBe(
      "AWAITING_APPROVAL",
    );
    expect(await cancelRun({ prisma, runId: held.runs[1]!.id, cancelledBy: "ada" })).toBe(true);
    const ended = await prisma.check.findUniqueOrThrow({ where: { id: held.id } });
    expect(ended.state).toBe("FAILED");
    expect(checkSummary.read(ended.summary).error).toMatch(/^no seed left to compare/);
    expect(await resultsComments(held.id)).toHaveLength(1);
    // Cancelling again changes nothing and posts nothing more.
    expect(await cancelRun({ prisma, runId: held.runs[1]!.id, cancelledBy: "ada" })).toBe(false);
    expect(await resultsComments(held.id)).toHaveLength(1);
  }, 30_000);

  it("queues one check per head and main; a STALE check can be re-run, superseding nothing else", async () => {
    const passed = await prisma.check.findFirstOrThrow({
      where: { proposal: { projectId: project.projectId }, state: "PASSED" },
    });
    const again = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: passed.proposalId,
      requestedById: project.author.id,
    });
    expect(again).toEqual({ checkId: passed.id, state: "PASSED", reused: true });
    // main moved (merge-proposal marks the open proposals' checks STALE): re-running makes a fresh check.
    await prisma.check.update({ where: { id: passed.id }, data: { state: "STALE" } });
    const rerun = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: passed.proposalId,
      requestedById: project.author.id,
    });
    expect(rerun?.checkId).not.toBe(passed.id);
    expect(rerun?.reused).toBe(false);
    expect(
      await cancelCheck({ prisma, checkId: rerun!.checkId, cancelledBy: null, reason: "superseded" }),
    ).toBe(true);
    expect((await prisma.check.findUniqueOrThrow({ where: { id: passed.id } })).state).toBe("STALE");
    await prisma.check.update({ where: { id: passed.id }, data: { state: "PASSED" } });
  }, 60_000);

  it("aborts a running run within about a second when its check is cancelled, and posts no results", async () => {
    const proposal = await openExperimentProposal(prisma, project, "lower lr", {
      "recipe.yaml": { ...tinyRecipe(STEPS), optimizer: { ...tinyRecipe(STEPS).optimizer, lr: 1e-3 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const headId = (await prisma.run.findFirstOrThrow({ where: { checkId: queued!.checkId, role: "HEAD" } }))
      .id;
    await waitFor(
      "the head run to start training",
      async () => (await recordedSteps(headId)).length > 2,
      120_000,
    );
    expect(
      await cancelCheck({
        prisma,
        checkId: queued!.checkId,
        cancelledBy: project.author.handle,
        reason: "cancelled",
      }),
    ).toBe(true);
    await waitFor(
      "a worker to abort the run",
      async () => workers.some((w) => w.output.includes(`run ${headId} cancelled`)),
      10_000,
    );
    const head = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
    expect(head.state).toBe("CANCELLED");
    expect((await recordedSteps(headId)).length).toBeLessThan(STEPS);
    expect(head.final).toBeNull();
    expect((await prisma.check.findUniqueOrThrow({ where: { id: queued!.checkId } })).state).toBe(
      "CANCELLED",
    );
    expect(await finalizeCheck({ prisma, checkId: queued!.checkId })).toBe("cancelled");
    expect(await resultsComments(queued!.checkId)).toHaveLength(0);
  }, 180_000);

  it("stops a worker that lost its run to another (lapsed lock) before it overwrites the new owner's state", async () => {
    const proposal = await openExperimentProposal(prisma, project, "even lower lr", {
      "recipe.yaml": { ...tinyRecipe(STEPS), optimizer: { ...tinyRecipe(STEPS).optimizer, lr: 5e-4 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const headId = (await prisma.run.findFirstOrThrow({ where: { checkId: queued!.checkId, role: "HEAD" } }))
      .id;
    await waitFor(
      "the head run to start training",
      async () => (await recordedSteps(headId)).length > 2,
      120_000,
    );
    // What a second worker does when BullMQ hands it the job: it records itself as the run's worker.
    await prisma.run.update({ where: { id: headId }, data: { workerId: "another-worker" } });
    await waitFor(
      "the first worker to stop",
      async () => workers.some((w) => w.output.includes(`run ${headId} taken over`)),
      10_000,
    );
    const head = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
    expect(head.final).toBeNull();
    expect(head.state).toBe("RUNNING");
    expect(
      await cancelCheck({ prisma, checkId: queued!.checkId, cancelledBy: null, reason: "cancelled" }),
    ).toBe(true);
  }, 180_000);

  it("holds a check over the author's monthly GPU budget until a maintainer approves it", async () => {
    await prisma.project.update({ where: { id: project.projectId }, data: { gpuBudgetPerUser: 1 } });
    try {
      const proposal = await openExperimentProposal(prisma, project, "wider mlp", {
        "architecture.yaml": {
          ...TINY_ARCHITECTURE,
          layers: [TINY_ARCHITECTURE.layers[0], { type: "mlp", d_ff: 96, act: "swiglu" }],
        },
      });
      const queued = await queueCheck({
        prisma,
        redisUrl: redis.url,
        proposalId: proposal.id,
        requestedById: project.author.id,
      });
      expect(queued?.state).toBe("AWAITING_APPROVAL");
      const check = await prisma.check.findUniqueOrThrow({
        where: { id: queued!.checkId },
        include: { runs: true },
      });
      const summary = checkSummary.read(check.summary);
      // The earlier checks' runs are on the author's bill; this one's estimate comes from FLOPs/token x tokens.
      expect(summary.budget.spentGpuSeconds).toBeGreaterThan(1);
      expect(check.estimateGpuSeconds).toBeGreaterThan(0);
      const head = check.runs.find((r) => r.role === "HEAD")!;
      const connection = createRedis(redis.url);
      const queue = new Queue(QUEUES.gpu, { connection });
      expect(await queue.getJob(trainJobId(head.id))).toBeUndefined();

      expect(
        await approveCheck({
          prisma,
          redisUrl: redis.url,
          checkId: check.id,
          approvedBy: project.maintainer.handle,
        }),
      ).toBe(true);
      expect(
        await approveCheck({
          prisma,
          redisUrl: redis.url,
          checkId: check.id,
          approvedBy: project.maintainer.handle,
        }),
      ).toBe(false);
      expect(await queue.getJob(trainJobId(head.id))).toBeDefined();
      await queue.close();
      await connection.quit();
      const approved = await finishedCheck(check.id, 180_000);
      expect(["PASSED", "FAILED"]).toContain(approved.state);
      expect(checkSummary.read(approved.summary).approvedBy).toBe(project.maintainer.handle);
    } finally {
      await prisma.project.update({ where: { id: project.projectId }, data: { gpuBudgetPerUser: 3600 } });
    }
  }, 240_000);

  it("loses no run when Redis restarts in the middle of training", async () => {
    const proposal = await openExperimentProposal(prisma, project, "higher lr", {
      "recipe.yaml": { ...tinyRecipe(STEPS), optimizer: { ...tinyRecipe(STEPS).optimizer, lr: 5e-3 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const runs = await prisma.run.findMany({ where: { checkId: queued!.checkId } });
    const headId = runs.find((r) => r.role === "HEAD")!.id;
    await waitFor(
      "the head run to train a few steps",
      async () => (await recordedSteps(headId)).length > 3,
      120_000,
    );
    await redis.stop();
    // Redis is down while the head is still training (the engine does not need it between steps).
    const during = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
    expect(during.state).toBe("RUNNING");
    expect((await recordedSteps(headId)).length).toBeLessThan(STEPS);
    await redis.start();
    const check = await finishedCheck(queued!.checkId, 180_000);
    expect(check.runs.every((r) => r.state === "SUCCEEDED")).toBe(true);
    expect(["PASSED", "FAILED"]).toContain(check.state);
    expect(await resultsComments(check.id)).toHaveLength(1);
    expect(await recordedSteps(headId)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
  }, 360_000);

  it("scores the suite's eval tasks on every run, posts a row per task, and gates on task_accuracy", async () => {
    // Only the check rule differs: the head trains what the cached base trained, so their accuracies tie.
    const proposal = await openExperimentProposal(prisma, project, "gate on task accuracy", {
      "recipe.yaml": { ...tinyRecipe(STEPS), check: { metric: "task_accuracy", max_regression: 0 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const check = await finishedCheck(queued!.checkId, 240_000);
    expect(check.state).toBe("PASSED");
    const finals = check.runs.map((r) => runFinal.read(r.final));
    for (const final of finals) {
      expect(Object.keys(final.tasks!).sort()).toEqual(["quiz-cloze", "wordnet-definitions"]);
      for (const task of Object.values(final.tasks!)) {
        expect(task.items).toBeGreaterThan(0);
        expect(task.items).toBeLessThanOrEqual(TINY_EVALSUITE.task_items);
        expect(task.accuracy).toBeGreaterThanOrEqual(0);
        expect(task.accuracy).toBeLessThanOrEqual(1);
      }
      const accuracies = Object.values(final.tasks!).map((t) => t.accuracy);
      expect(final.taskAccuracy).toBeCloseTo((accuracies[0]! + accuracies[1]!) / 2, 12);
    }
    expect(finals[0]!.tasks).toEqual(finals[1]!.tasks);

    const [comment, ...more] = await resultsComments(check.id);
    expect(more).toEqual([]);
    expect(comment!.body).toMatch(/\| task:quiz-cloze \(accuracy\) \| [0-9.]+ \| [0-9.]+ \| 0\.00 \|/);
    expect(comment!.body).toMatch(/\| task:wordnet-definitions \(accuracy\) \|/);
    expect(comment!.body).toMatch(/\| task_accuracy \(accuracy\) \|/);
    expect(comment!.body).toContain(
      "Rule: `task_accuracy` may regress by at most 0. task_accuracy did not change",
    );
    const items = finals[0]!.tasks!;
    expect(comment!.body).toContain(
      `quiz-cloze ${items["quiz-cloze"]!.items} items, wordnet-definitions ${items["wordnet-definitions"]!.items} items.`,
    );
  }, 360_000);
});
