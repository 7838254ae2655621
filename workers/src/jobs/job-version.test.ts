// A job's payload is read at the contract version it was enqueued for, against real Redis, PostgreSQL and a
// BullMQ worker: older payloads are upgraded or refused, newer ones refused, and a refused run job fails its run.
import { randomBytes } from "node:crypto";
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { z } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { QUEUES, ZId, defineJobContract } from "@forge/core/contracts";
import { createRedis } from "@forge/core/queue";
import { defineWorkerJob } from "./define-worker-job";
import { recordFinalFailure } from "./record-final-failure";
import { WORKER_JOBS, processorFor, type TJobContext } from "./registry";

const url = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!url || !redisUrl)
  throw new Error("DATABASE_URL and REDIS_URL must point at real services for these tests");
const prisma = createPrismaClient(url);
const connection = createRedis(redisUrl);
const queueName = `job-version-${randomBytes(4).toString("hex")}`;
const queue = new Queue(queueName, { connection });
const events = new QueueEvents(queueName, { connection: connection.duplicate() });

/** At version 3 a job seeds several runs; version 2 seeded one (upgraded); version 1 is no longer read. */
const seedRunsJob = defineJobContract({
  name: "seed-runs",
  version: 3,
  queue: QUEUES.gpu,
  payload: z.object({ runId: ZId, seeds: z.array(z.number().int()).min(1) }),
  upgrades: {
    2: z
      .object({ runId: ZId, seed: z.number().int() })
      .transform(({ runId, seed }) => ({ runId, seeds: [seed] })),
  },
  attempts: 3,
  backoff: { type: "fixed", delay: 60_000 },
});
const handled: unknown[] = [];
const seedRuns = defineWorkerJob(seedRunsJob, {
  // The payload's type comes from the contract's schema.
  handler: async () => async (_job, payload) => {
    handled.push(payload);
    return payload.seeds.length;
  },
});

// Version checks come before any handler touches a service, so the test job's handler needs no context.
const worker = new Worker(queueName, processorFor({} as TJobContext, [...WORKER_JOBS, seedRuns]), {
  connection: connection.duplicate(),
});
// As main.ts does: a job that failed for good ends what it worked on.
const failuresRecorded = new Map<string, Promise<void>>();
worker.on("failed", (job: Job | undefined, error: Error) => {
  if (job?.id) failuresRecorded.set(job.id, recordFinalFailure(prisma, job, error));
});

afterAll(async () => {
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  await prisma.$disconnect();
});

/** Enqueues data as some deploy wrote it and waits for the job to end. */
async function run(name: string, data: object) {
  await events.waitUntilReady();
  const job = await queue.add(name, data, { attempts: 3, backoff: { type: "fixed", delay: 60_000 } });
  const outcome = await job.waitUntilFinished(events, 20_000).then(
    (value: unknown) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
  const ended = await queue.getJob(job.id!);
  return { ...outcome, attemptsMade: ended?.attemptsMade, id: job.id };
}

describe("job versions", () => {
  it("runs a payload of the contract's version as it is", async () => {
    const runId = "run0000001";
    expect(await run("seed-runs", { runId, seeds: [1, 2], v: 3 })).toMatchObject({ value: 2 });
    expect(handled.at(-1)).toEqual({ runId, seeds: [1, 2] });
  });

  it("upgrades a payload of an older version through the contract's upgrade", async () => {
    const runId = "run0000002";
    expect(await run("seed-runs", { runId, seed: 7, v: 2 })).toMatchObject({ value: 1 });
    expect(handled.at(-1)).toEqual({ runId, seeds: [7] });
  });

  it("refuses, without retrying, an older version with no upgrade and a newer version", async () => {
    const before = handled.length;
    expect(await run("seed-runs", { runId: "run0000003", seed: 7, v: 1 })).toMatchObject({
      error: "seed-runs job version 1 is older than the supported version 3 and has no upgrade",
      attemptsMade: 1,
    });
    expect(await run("seed-runs", { runId: "run0000004", seeds: [1], v: 4 })).toMatchObject({
      error: "seed-runs job version 4 is newer than the supported version 3",
      attemptsMade: 1,
    });
    expect(await run("seed-runs", { runId: "run0000005", seeds: [1] })).toMatchObject({
      error: "invalid seed-runs payload: v must be the job's contract version",
      attemptsMade: 1,
    });
    expect(await run("seed-runs", { runId: "run0000006", seed: "seven", v: 2 })).toMatchObject({
      error: "invalid seed-runs payload: seed Invalid input: expected number, received string",
      attemptsMade: 1,
    });
    expect(handled).toHaveLength(before);
  });

  it("fails the run of a train-run job enqueued by a newer deploy, saying why", async () => {
    const slug = `jv-${randomBytes(4).toString("hex")}`;
    const project = await prisma.project.create({ data: { slug, name: slug } });
    const specHash = "0".repeat(64);
    const queued = await prisma.run.create({
      data: { projectId: project.id, revision: specHash, role: "HEAD", seed: 1, specHash },
    });
    const reason = "train-run job version 2 is newer than the supported version 1";
    const refused = await run("train-run", { runId: queued.id, specHash, v: 2 });
    expect(refused).toMatchObject({ error: reason, attemptsMade: 1 });
    // QueueEvents can report the failure before the worker's own failed event has fired.
    for (let i = 0; i < 100 && !failuresRecorded.has(refused.id!); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(failuresRecorded.has(refused.id!), `the worker's failed event for job ${refused.id}`).toBe(true);
    await failuresRecorded.get(refused.id!);
    expect(await prisma.run.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      state: "FAILED",
      error: `train-run failed: ${reason}`,
    });
  });
});
