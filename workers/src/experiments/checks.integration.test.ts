// End-to-end behaviour of training checks against real PostgreSQL, a private redis-server, real worker
// processes and the WGSL engine on lavapipe: fail-fast validation, crash recovery from checkpoints,
// exactly-once results, and a Redis restart in the middle of a run. Each test makes its own project (and so
// its own users, data and base runs) and reads no row another test made; every test starts with Redis up and
// two live workers, and a test's unfinished checks are cancelled after it, so one failure does not cascade.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Check, type Run } from "@forge/db";
import { FilesystemObjectStore } from "@forge/core/storage";
import { createRedis, enqueue, closeQueues } from "@forge/core/queue";
import { QUEUES, evalRunJob, trainRunJob } from "@forge/core/contracts";
import { approveCheck, queueCheck } from "@forge/core/experiments/queue-check";
import { cancelCheck } from "@forge/core/experiments/cancel-check";
import { cancelRun } from "@forge/core/experiments/cancel-run";
import { finalizeCheck } from "@forge/core/experiments/finalize-check";
import {
  ACTIVE_CHECK_STATES,
  TERMINAL_RUN_STATES,
  resultsCommentKey,
  trainJobId,
} from "@forge/core/experiments/check-keys";
import { checkSummary, runCost, runFinal } from "@forge/core/experiments/json-columns";
import { copyRunCurve, readRunCurves } from "@forge/core/experiments/run-curves";
import {
  PrivateRedis,
  TINY_ARCHITECTURE,
  TINY_EVALSUITE,
  WorkerProcess,
  createExperimentProject,
  done,
  freePort,
  never,
  notYet,
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
const workers: WorkerProcess[] = [];
/** The projects the running test made: their unfinished checks are cancelled once it ends, pass or fail. */
const testProjects: TExperimentProject[] = [];

const workerEnv = () => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redis.url,
  FORGE_DATA_DIR: dataDir,
  // Short locks so a killed worker's job is recovered within seconds, yet long enough that a worker's first
  // job, which loads the engine while the machine is busy, does not stall and run a second time.
  FORGE_LOCK_DURATION_MS: "10000",
  FORGE_STALLED_INTERVAL_MS: "1000",
});

async function startWorker() {
  const worker = new WorkerProcess(workerEnv());
  workers.push(worker);
  await worker.ready(prisma);
}

/** A project of the test's own: two members, the tiny data and plan of record, checks on. */
async function newProject(options: { gpuBudgetPerUser?: number } = {}) {
  const project = await createExperimentProject({ prisma, store, steps: STEPS, ...options });
  testProjects.push(project);
  return project;
}

/** The steps of the run's loss curve, in order. */
const recordedSteps = async (runId: string) =>
  ((await readRunCurves(prisma, [runId])).get(runId) ?? []).map((p) => p.step);

const isActive = (state: string) => (ACTIVE_CHECK_STATES as readonly string[]).includes(state);
const hasEnded = (run: Run) => (TERMINAL_RUN_STATES as readonly string[]).includes(run.state);

/** A run as the waits report it: "head seed 1 RUNNING, 12 steps, on host-123-ab". */
async function describeRun(run: Run) {
  const steps = (await recordedSteps(run.id)).length;
  return (
    `${run.role.toLowerCase()} seed ${run.seed} ${run.state}, ${steps} steps` +
    (run.workerId ? `, on ${run.workerId}` : "") +
    (run.error ? ` (${run.error})` : "")
  );
}

async function describeCheck(check: Check & { runs: Run[] }) {
  const { error, results } = checkSummary.read(check.summary);
  const runs = await Promise.all(check.runs.map(describeRun));
  return (
    `check ${check.id} ${check.state}` +
    (error ? ` (${error})` : "") +
    (results ? `, results ${results.verdict}: ${results.reason}` : "") +
    `; runs: ${runs.join("; ")}`
  );
}

/**
 * Waits for the check to end in `expected`; fails at once, saying how it ended and why, when it ends in
 * another state.
 */
async function checkEnds(checkId: string, expected: "PASSED" | "FAILED", timeoutMs: number) {
  return waitFor(
    `check ${checkId} to end ${expected}`,
    async () => {
      const check = await prisma.check.findUniqueOrThrow({ where: { id: checkId }, include: { runs: true } });
      if (check.state === expected) return done(check);
      return (isActive(check.state) ? notYet : never)(await describeCheck(check));
    },
    timeoutMs,
  );
}

/** Waits until a run of the check that `pick` accepts has recorded more than `steps` steps on a worker. */
async function runPastStep(
  what: string,
  checkId: string,
  pick: (run: Run) => boolean,
  steps: number,
  timeoutMs: number,
) {
  return waitFor(
    `${what} to pass step ${steps}`,
    async () => {
      const check = await prisma.check.findUniqueOrThrow({ where: { id: checkId }, include: { runs: true } });
      for (const run of check.runs.filter((r) => pick(r) && r.state === "RUNNING" && r.workerId))
        if ((await recordedSteps(run.id)).length > steps) return done(run);
      // The run ended (or its check did) before getting that far: it never will now.
      const final = !isActive(check.state) || check.runs.filter(pick).every(hasEnded);
      return (final ? never : notYet)(await describeCheck(check));
    },
    timeoutMs,
  );
}

/**
 * Waits until a worker's output shows `line`, the sign that it stopped working on the run; gives up once the
 * run trained to its end or succeeded or failed anyway, since then no worker stopped.
 */
async function workerLogs(line: string, runId: string, timeoutMs: number) {
  return waitFor(
    `a worker to log "${line}"`,
    async () => {
      if (workers.some((w) => w.output.includes(line))) return done(true);
      const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
      const trainedThrough =
        ["SUCCEEDED", "FAILED"].includes(run.state) || (await recordedSteps(runId)).length === STEPS;
      return (trainedThrough ? never : notYet)(await describeRun(run));
    },
    timeoutMs,
  );
}

/** Trains a check whose head trains exactly what its base trains (only profiled contexts differ): PASSED. */
async function passedCheck(project: TExperimentProject) {
  const proposal = await openExperimentProposal(prisma, project, "profile contexts 16, 32", {
    "evalsuite.yaml": { ...TINY_EVALSUITE, inference_profile: { contexts: [16, 32] } },
  });
  const queued = await queueCheck({
    prisma,
    redisUrl: redis.url,
    proposalId: proposal.id,
    requestedById: project.author.id,
  });
  return checkEnds(queued!.checkId, "PASSED", 240_000);
}

const resultsComments = (checkId: string) =>
  prisma.comment.findMany({ where: { systemKey: resultsCommentKey(checkId) } });

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
}, 30_000);

// Whatever the test before did (stopped Redis, killed workers) or wherever it failed.
beforeEach(async () => {
  if (!redis.running) await redis.start();
  const missing = 2 - workers.filter((w) => w.alive).length;
  await Promise.all(Array.from({ length: missing }, startWorker));
}, 120_000);

afterEach(async () => {
  for (const project of testProjects.splice(0)) {
    const active = await prisma.check.findMany({
      where: { proposal: { projectId: project.projectId }, state: { in: [...ACTIVE_CHECK_STATES] } },
    });
    for (const check of active)
      await cancelCheck({ prisma, checkId: check.id, cancelledBy: null, reason: "cancelled" });
  }
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await closeQueues();
  await redis.stop();
  await prisma.$disconnect();
});

describe("training checks", () => {
  it("fails fast, without retries, when the engine rejects the head's spec, and says why on the check", async () => {
    const project = await newProject();
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
    const check = await checkEnds(queued!.checkId, "FAILED", 180_000);
    const summary = checkSummary.read(check.summary);
    expect(summary.error).toMatch(
      /head seed 1 failed: architecture\.layers\[2\]\.type: moe layers are not implemented/,
    );

    const head = check.runs.find((r) => r.role === "HEAD")!;
    const connection = createRedis(redis.url);
    const queue = new Queue(QUEUES.gpu, { connection });
    const job = await queue.getJob(trainJobId(head.id));
    // A job run twice (a stalled first attempt) says so here, not as a bare "completed".
    const attempts = `started ${job!.attemptsStarted}, stalled ${job!.stalledCounter}`;
    expect(await job!.getState(), attempts).toBe("failed");
    expect(job!.attemptsMade, attempts).toBe(1);
    await queue.close();
    await connection.quit();

    const comments = await resultsComments(check.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("FAILED");
    // The base still trained: the next proposal on this main reuses it instead of training it again (held for
    // approval here, so nothing else trains).
    const base = check.runs.find((r) => r.role === "BASE")!;
    expect(base.state).toBe("SUCCEEDED");
    await prisma.project.update({ where: { id: project.projectId }, data: { gpuBudgetPerUser: 0 } });
    const next = await openExperimentProposal(prisma, project, "profile another context", {
      "evalsuite.yaml": { ...TINY_EVALSUITE, inference_profile: { contexts: [16, 32] } },
    });
    const again = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: next.id,
      requestedById: project.author.id,
    });
    const reused = await prisma.run.findFirstOrThrow({ where: { checkId: again!.checkId, role: "BASE" } });
    expect(reused.state).toBe("SUCCEEDED");
    expect(reused.reusedFromId).toBe(base.id);
  }, 240_000);

  it("resumes a SIGKILLed worker's run from its checkpoint on another worker, with the same final result", async () => {
    const project = await newProject();
    // Only the eval suite's inference contexts differ: the head trains exactly what the base trains.
    const proposal = await openExperimentProposal(prisma, project, "profile another context", {
      "evalsuite.yaml": { ...TINY_EVALSUITE, inference_profile: { contexts: [16, 32] } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const headId = (await prisma.run.findFirstOrThrow({ where: { checkId: queued!.checkId, role: "HEAD" } }))
      .id;

    // Kill the worker training the head once it is past its first checkpoint (every 8 steps).
    const running = await runPastStep("the head run", queued!.checkId, (r) => r.id === headId, 9, 120_000);
    const victim = workers.find((w) => running.workerId!.includes(`-${w.pid}-`))!;
    expect(victim).toBeDefined();
    await victim.stop("SIGKILL");
    const survivor = workers.find((w) => w !== victim && w.alive)!;

    const check = await checkEnds(queued!.checkId, "PASSED", 240_000);
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
  }, 360_000);

  it("hands a run back on SIGTERM: the worker exits at once and another resumes from the checkpoint", async () => {
    const project = await newProject();
    // Head and base both train seed 11 on the same plan: the same model, so the check passes.
    const proposal = await openExperimentProposal(prisma, project, "seed 11", {
      "recipe.yaml": tinyRecipe(STEPS, [11]),
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const running = await runPastStep("a run of the check", queued!.checkId, () => true, 9, 120_000);
    const victim = workers.find((w) => running.workerId!.includes(`-${w.pid}-`))!;
    const began = Date.now();
    // It does not train the rest of the run first (a 32-step run takes far longer than its step interval).
    expect(await victim.stop("SIGTERM", 10_000)).toBe(0);
    expect(victim.output).toContain(`run ${running.id} worker shutting down`);
    expect(Date.now() - began).toBeLessThan(10_000);

    const check = await checkEnds(queued!.checkId, "PASSED", 240_000);
    const resumed = check.runs.find((r) => r.id === running.id)!;
    expect(resumed.state).toBe("SUCCEEDED");
    expect(resumed.workerId).not.toBe(running.workerId);
    expect(await recordedSteps(resumed.id)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    expect(workers.some((w) => w !== victim && w.output.includes(`run ${running.id} resumed at step`))).toBe(
      true,
    );
  }, 360_000);

  it("posts the results comment exactly once when jobs are retried or finish together", async () => {
    const project = await newProject();
    const check = await passedCheck(project);
    expect(await resultsComments(check.id)).toHaveLength(1);
    // A retried eval job of a finished run, then five concurrent finalizers.
    const head = check.runs.find((r) => r.role === "HEAD")!;
    const retry = await enqueue(
      evalRunJob,
      { runId: head.id, specHash: head.specHash },
      { redisUrl: redis.url, jobId: `retry-${head.id}` },
    );
    const connection = createRedis(redis.url);
    const evalQueue = new Queue(evalRunJob.queue, { connection });
    await waitFor(
      "the retried eval job to complete",
      async () => {
        const state = await retry.getState();
        if (state === "completed") return done(state);
        if (state !== "failed") return notYet(state);
        return never(`failed: ${(await evalQueue.getJob(retry.id!))?.failedReason}`);
      },
      60_000,
    );
    await evalQueue.close();
    await connection.quit();
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
  }, 360_000);

  it("a train job retried after its run was trained (eval never queued) queues the eval, and the check ends", async () => {
    const project = await newProject();
    const passed = await passedCheck(project);
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
    // Copies of a passed check's runs, evaluated again: the same scores, so it passes too.
    const ended = await checkEnds(orphaned.id, "PASSED", 120_000);
    expect(ended.runs.every((r) => r.state === "SUCCEEDED")).toBe(true);
    expect(await resultsComments(orphaned.id)).toHaveLength(1);
  }, 360_000);

  it("finalizes a check still awaiting approval once its last run is cancelled", async () => {
    // No budget: the check waits for approval, and nothing trains.
    const project = await newProject({ gpuBudgetPerUser: 0 });
    const proposal = await openExperimentProposal(prisma, project, "held", {
      "recipe.yaml": tinyRecipe(STEPS, [7]),
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    expect(queued?.state).toBe("AWAITING_APPROVAL");
    const held = await prisma.check.findUniqueOrThrow({
      where: { id: queued!.checkId },
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
  }, 60_000);

  it("queues one check per head and main; a STALE check can be re-run, superseding nothing else", async () => {
    // No budget, so nothing trains: the check is marked PASSED by hand, as if it had trained and passed.
    const project = await newProject({ gpuBudgetPerUser: 0 });
    const proposal = await openExperimentProposal(prisma, project, "wider mlp", {
      "architecture.yaml": {
        ...TINY_ARCHITECTURE,
        layers: [TINY_ARCHITECTURE.layers[0], { type: "mlp", d_ff: 96, act: "swiglu" }],
      },
    });
    const queueAgain = () =>
      queueCheck({ prisma, redisUrl: redis.url, proposalId: proposal.id, requestedById: project.author.id });
    const first = await queueAgain();
    const passed = await prisma.check.update({ where: { id: first!.checkId }, data: { state: "PASSED" } });
    expect(await queueAgain()).toEqual({ checkId: passed.id, state: "PASSED", reused: true });
    // main moved (merge-proposal marks the open proposals' checks STALE): re-running makes a fresh check.
    await prisma.check.update({ where: { id: passed.id }, data: { state: "STALE" } });
    const rerun = await queueAgain();
    expect(rerun?.checkId).not.toBe(passed.id);
    expect(rerun?.reused).toBe(false);
    expect(
      await cancelCheck({ prisma, checkId: rerun!.checkId, cancelledBy: null, reason: "superseded" }),
    ).toBe(true);
    expect((await prisma.check.findUniqueOrThrow({ where: { id: passed.id } })).state).toBe("STALE");
  }, 60_000);

  it("aborts a running run within about a second when its check is cancelled, and posts no results", async () => {
    const project = await newProject();
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
    await runPastStep("the head run", queued!.checkId, (r) => r.id === headId, 2, 120_000);
    expect(
      await cancelCheck({
        prisma,
        checkId: queued!.checkId,
        cancelledBy: project.author.handle,
        reason: "cancelled",
      }),
    ).toBe(true);
    await workerLogs(`run ${headId} cancelled`, headId, 10_000);
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
    const project = await newProject();
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
    await runPastStep("the head run", queued!.checkId, (r) => r.id === headId, 2, 120_000);
    // What a second worker does when BullMQ hands it the job: it records itself as the run's worker.
    await prisma.run.update({ where: { id: headId }, data: { workerId: "another-worker" } });
    await workerLogs(`run ${headId} taken over`, headId, 10_000);
    const head = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
    expect(head.final).toBeNull();
    expect(head.state).toBe("RUNNING");
    expect(head.workerId).toBe("another-worker");
    expect(
      await cancelCheck({ prisma, checkId: queued!.checkId, cancelledBy: null, reason: "cancelled" }),
    ).toBe(true);
  }, 180_000);

  it("holds a check over the author's monthly GPU budget until a maintainer approves it", async () => {
    const project = await newProject();
    // A first check puts its runs' GPU-seconds on the author's bill; then the budget drops to nothing.
    const first = await passedCheck(project);
    const spent = first.runs.reduce((sum, r) => sum + (r.gpuSeconds ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    await prisma.project.update({ where: { id: project.projectId }, data: { gpuBudgetPerUser: 0 } });
    // Again a head that trains what the base trained (the base is reused): the check passes once approved.
    const proposal = await openExperimentProposal(prisma, project, "profile contexts 8, 32", {
      "evalsuite.yaml": { ...TINY_EVALSUITE, inference_profile: { contexts: [8, 32] } },
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
    // The first check's runs are on the author's bill; this one's estimate comes from FLOPs/token x tokens.
    expect(summary.budget).toEqual({ spentGpuSeconds: expect.closeTo(spent, 6), limitGpuSeconds: 0 });
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
    const approved = await checkEnds(check.id, "PASSED", 180_000);
    expect(checkSummary.read(approved.summary).approvedBy).toBe(project.maintainer.handle);
  }, 420_000);

  it("loses no run when Redis restarts in the middle of training", async () => {
    const project = await newProject();
    // A higher learning rate: in 32 steps the head ends far below the base's val_bpb, so the check passes.
    const proposal = await openExperimentProposal(prisma, project, "higher lr", {
      "recipe.yaml": { ...tinyRecipe(STEPS), optimizer: { ...tinyRecipe(STEPS).optimizer, lr: 5e-3 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const headId = (await prisma.run.findFirstOrThrow({ where: { checkId: queued!.checkId, role: "HEAD" } }))
      .id;
    await runPastStep("the head run", queued!.checkId, (r) => r.id === headId, 3, 120_000);
    await redis.stop();
    // Redis is down while the head is still training (the engine does not need it between steps).
    const during = await prisma.run.findUniqueOrThrow({ where: { id: headId } });
    expect(during.state).toBe("RUNNING");
    expect((await recordedSteps(headId)).length).toBeLessThan(STEPS);
    await redis.start();
    const check = await checkEnds(queued!.checkId, "PASSED", 240_000);
    expect(check.runs.every((r) => r.state === "SUCCEEDED")).toBe(true);
    expect(await resultsComments(check.id)).toHaveLength(1);
    expect(await recordedSteps(headId)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    const bpb = (role: string) => runFinal.read(check.runs.find((r) => r.role === role)!.final).valBpb!;
    expect(bpb("HEAD")).toBeLessThan(bpb("BASE") - 0.05);
    expect(checkSummary.read(check.summary).results?.reason).toMatch(/^val_bpb improved by /);
  }, 360_000);

  it("scores the suite's eval tasks on every run, posts a row per task, and gates on task_accuracy", async () => {
    const project = await newProject();
    // Only the check rule differs: the head trains what the base trains, so their accuracies tie.
    const proposal = await openExperimentProposal(prisma, project, "gate on task accuracy", {
      "recipe.yaml": { ...tinyRecipe(STEPS), check: { metric: "task_accuracy", max_regression: 0 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const check = await checkEnds(queued!.checkId, "PASSED", 240_000);
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
