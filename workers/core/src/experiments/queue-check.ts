// Queues a proposal's training check: one HEAD and one BASE run per seed of the head's recipe, base runs
// reused from earlier checks when their spec hash (artifacts, seed, engine) matches, a GPU-seconds estimate,
// and the per-user monthly budget: over it, the check waits for a maintainer's approval.
import { MAIN_REF, readRef, type Prisma, type PrismaClient } from "@forge/db";
import { enqueue } from "../queue";
import { trainRunJob } from "../contracts";
import {
  ACTIVE_CHECK_STATES,
  TRAINING_CHECK_KIND,
  trainJobId,
  type TCheckSummary,
  type TWithinTransaction,
} from "./check-keys";
import { estimateRunsGpuSeconds } from "./estimate";
import { checkSummary, runCost, runFinal, runProfile } from "./json-columns";
import { copyRunCurve } from "./run-curves";
import { loadRunSpec, runSpecHash } from "./run-spec";
import { cancelCheck } from "./cancel-check";

type TQueueCheckOptions = {
  prisma: PrismaClient;
  redisUrl: string;
  proposalId: string;
  requestedById: string | null;
  /** Runs in the transaction that creates a new check (not when an existing one is returned). */
  withinTransaction?: TWithinTransaction;
};

export type TQueuedCheck = { checkId: string; state: string; reused: boolean } | null;

/**
 * GPU-seconds the user has spent or committed in this project this month: what their runs cost so far (reused
 * runs cost nothing) plus what their queued and running checks are still estimated to need. Counting the
 * commitments keeps a burst of proposals from each seeing the same low spend and together overrunning the
 * budget before any of them has trained.
 */
export async function gpuSecondsCommittedThisMonth(
  db: Prisma.TransactionClient,
  options: { projectId: string; userId: string },
): Promise<number> {
  const rows = await db.$queryRaw<{ spent: number | null; outstanding: number | null }[]>`
    WITH per_check AS (
      SELECT "checkId", SUM(CASE WHEN "reusedFromId" IS NULL THEN COALESCE("gpuSeconds", 0) ELSE 0 END) AS spent
      FROM "Run"
      WHERE "projectId" = ${options.projectId} AND "requestedById" = ${options.userId}
        AND "createdAt" >= date_trunc('month', now())
      GROUP BY "checkId"
    )
    SELECT SUM(p.spent) AS spent,
           SUM(CASE WHEN c.state IN ('QUEUED', 'RUNNING')
                    THEN GREATEST(c."estimateGpuSeconds" - p.spent, 0) ELSE 0 END) AS outstanding
    FROM per_check p LEFT JOIN "Check" c ON c.id = p."checkId"`;
  return (rows[0]?.spent ?? 0) + (rows[0]?.outstanding ?? 0);
}

/**
 * Creates the check for the proposal's current head against main, unless one for exactly that pair is
 * already queued, running or passed. Returns null when the project has checks switched off or the head
 * does not differ from main.
 */
export async function queueCheck(options: TQueueCheckOptions): Promise<TQueuedCheck> {
  const { prisma } = options;
  const proposal = await prisma.proposal.findUniqueOrThrow({
    where: { id: options.proposalId },
    include: { project: true },
  });
  if (!proposal.project.checksEnabled || proposal.state !== "OPEN") return null;
  const projectId = proposal.projectId;
  const [head, base] = await Promise.all([
    readRef(prisma, projectId, proposal.headRef),
    readRef(prisma, projectId, MAIN_REF),
  ]);
  if (!head || !base) return null;
  const [headSpec, baseSpec] = await Promise.all([
    loadRunSpec({ prisma, projectId, revision: head }),
    loadRunSpec({ prisma, projectId, revision: base }),
  ]);
  if (JSON.stringify(headSpec.tree) === JSON.stringify(baseSpec.tree)) return null;

  const existing = await prisma.check.findMany({
    where: { proposalId: proposal.id, kind: TRAINING_CHECK_KIND, state: { notIn: ["STALE", "CANCELLED"] } },
    orderBy: { createdAt: "desc" },
  });
  const same = existing.find(
    (c) => c.revision === head && checkSummary.read(c.summary).baseRevision === base && c.state !== "FAILED",
  );
  if (same) return { checkId: same.id, state: same.state, reused: true };
  // A newer head supersedes the checks still waiting or running on older ones.
  for (const older of existing.filter((c) => (ACTIVE_CHECK_STATES as readonly string[]).includes(c.state))) {
    await cancelCheck({ prisma, checkId: older.id, cancelledBy: null, reason: "superseded" });
  }

  const seeds = headSpec.recipe.seeds;
  const baseHashes = seeds.map((seed) => runSpecHash(baseSpec.tree, seed));
  const cached = await prisma.run.findMany({
    where: { projectId, role: "BASE", state: "SUCCEEDED", cacheKey: { in: baseHashes } },
    orderBy: { endedAt: "desc" },
  });
  const cachedByKey = new Map<string, (typeof cached)[number]>();
  for (const run of cached)
    if (run.cacheKey && !cachedByKey.has(run.cacheKey)) cachedByKey.set(run.cacheKey, run);

  const toTrain = [
    ...seeds.map(() => headSpec),
    ...baseHashes.filter((hash) => !cachedByKey.has(hash)).map(() => baseSpec),
  ];
  const estimate = await estimateRunsGpuSeconds({ prisma, specs: toTrain });
  const limit = proposal.project.gpuBudgetPerUser;
  const requester = options.requestedById
    ? await prisma.user.findUnique({ where: { id: options.requestedById }, select: { handle: true } })
    : null;

  const check = await prisma.$transaction(async (tx) => {
    let spent = 0;
    if (options.requestedById) {
      // One user's checks in one project are created one at a time, so each sees the ones before it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`budget:${projectId}:${options.requestedById}`}))`;
      spent = await gpuSecondsCommittedThisMonth(tx, { projectId, userId: options.requestedById });
    }
    const overBudget = spent + estimate.gpuSeconds > limit;
    const summary: TCheckSummary = {
      baseRevision: base,
      headRevision: head,
      seeds,
      steps: { base: baseSpec.steps, head: headSpec.steps },
      estimate,
      budget: { spentGpuSeconds: spent, limitGpuSeconds: limit },
      requestedBy: requester?.handle ?? null,
    };
    const created = await tx.check.create({
      data: {
        proposalId: proposal.id,
        revision: head,
        kind: TRAINING_CHECK_KIND,
        state: overBudget ? "AWAITING_APPROVAL" : "QUEUED",
        summary: checkSummary.write(summary),
        estimateGpuSeconds: estimate.gpuSeconds,
      },
    });
    for (const seed of seeds) {
      const common = { projectId, checkId: created.id, seed, requestedById: options.requestedById };
      const headHash = runSpecHash(headSpec.tree, seed);
      await tx.run.create({
        data: { ...common, role: "HEAD", revision: head, specHash: headHash, cacheKey: headHash },
      });
      const baseHash = runSpecHash(baseSpec.tree, seed);
      const hit = cachedByKey.get(baseHash);
      const baseRun = await tx.run.create({
        data: {
          ...common,
          role: "BASE",
          revision: base,
          specHash: baseHash,
          cacheKey: baseHash,
          ...(hit && {
            state: "SUCCEEDED",
            final: runFinal.write(runFinal.read(hit.final)),
            profile: runProfile.write(runProfile.read(hit.profile)),
            // The reused run costs nothing now; the ledger counts the original once.
            gpuSeconds: hit.gpuSeconds,
            reusedFromId: hit.id,
            cost: runCost.write(runCost.read(hit.cost)),
            checkpointKey: hit.checkpointKey,
            startedAt: hit.startedAt,
            endedAt: hit.endedAt,
          }),
        },
      });
      if (hit) await copyRunCurve(tx, { from: hit.id, to: baseRun.id });
    }
    await options.withinTransaction?.(tx, { checkId: created.id });
    return created;
  });
  if (check.state === "QUEUED")
    await enqueueCheckRuns({ prisma, redisUrl: options.redisUrl, checkId: check.id });
  return { checkId: check.id, state: check.state, reused: false };
}

/** Adds a train-run job for every run of the check still waiting to train (job ids make this repeatable). */
export async function enqueueCheckRuns(options: { prisma: PrismaClient; redisUrl: string; checkId: string }) {
  const runs = await options.prisma.run.findMany({
    where: { checkId: options.checkId, state: "QUEUED" },
    orderBy: [{ seed: "asc" }, { role: "desc" }],
  });
  for (const run of runs) {
    await enqueue(
      trainRunJob,
      { runId: run.id, specHash: run.specHash },
      { redisUrl: options.redisUrl, jobId: trainJobId(run.id) },
    );
  }
  return runs.length;
}

/** A maintainer lets an over-budget check run. Returns false when the check was not awaiting approval. */
export async function approveCheck(options: {
  prisma: PrismaClient;
  redisUrl: string;
  checkId: string;
  approvedBy: string;
  withinTransaction?: TWithinTransaction;
}): Promise<boolean> {
  const approved = await options.prisma.$transaction(async (tx) => {
    const check = await tx.check.findUniqueOrThrow({ where: { id: options.checkId } });
    const moved = await tx.check.updateMany({
      where: { id: check.id, state: "AWAITING_APPROVAL" },
      data: {
        state: "QUEUED",
        summary: checkSummary.write({ ...checkSummary.read(check.summary), approvedBy: options.approvedBy }),
      },
    });
    if (moved.count === 1) await options.withinTransaction?.(tx, { checkId: check.id });
    return moved.count === 1;
  });
  if (approved) await enqueueCheckRuns(options);
  return approved;
}
