// Final failures that never reach a handler still end their run or dataset, against real Redis and PostgreSQL.
import { randomBytes } from "node:crypto";
import { Queue, Worker, type Job } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { createRedis } from "@forge/core/queue";
import { recordFinalFailure } from "./record-final-failure";

const url = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!url || !redisUrl)
  throw new Error("DATABASE_URL and REDIS_URL must point at real services for these tests");
const prisma = createPrismaClient(url);
const connection = createRedis(redisUrl);
const queueName = `final-failure-${randomBytes(4).toString("hex")}`;
const queue = new Queue(queueName, { connection });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  await prisma.$disconnect();
});

/** Runs one job through a worker whose processor throws, and calls recordFinalFailure from its failed event. */
async function failOnce(name: string, data: object, attempts: number) {
  const recorded = new Promise<void>((resolve, reject) => {
    const worker = new Worker(
      queueName,
      async () => {
        throw new Error("job stalled more than allowable limit");
      },
      { connection: connection.duplicate(), autorun: true },
    );
    worker.on("failed", (job: Job | undefined, error: Error) => {
      void recordFinalFailure(prisma, job!, error)
        .then(() => worker.close())
        .then(resolve, reject);
    });
  });
  await queue.add(name, data, { attempts, backoff: { type: "fixed", delay: 60_000 } });
  await recorded;
}

describe("recordFinalFailure", () => {
  it("fails the run of a job that failed for good, and leaves one BullMQ will retry alone", async () => {
    const slug = `ff-${randomBytes(4).toString("hex")}`;
    const project = await prisma.project.create({ data: { slug, name: slug } });
    const runFor = () =>
      prisma.run.create({
        data: {
          projectId: project.id,
          revision: "0".repeat(64),
          role: "HEAD",
          seed: 1,
          specHash: "0".repeat(64),
        },
      });
    const retried = await runFor();
    await failOnce("train-run", { runId: retried.id }, 2);
    expect((await prisma.run.findUniqueOrThrow({ where: { id: retried.id } })).state).toBe("QUEUED");

    const lost = await runFor();
    await failOnce("train-run", { runId: lost.id }, 1);
    expect(await prisma.run.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      state: "FAILED",
      error: "train-run failed: job stalled more than allowable limit",
    });

    const dataset = await prisma.dataset.create({ data: { projectId: project.id, name: "upload" } });
    await failOnce("ingest-dataset", { datasetId: dataset.id }, 1);
    expect(await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } })).toMatchObject({
      state: "FAILED",
      error: "ingest-dataset failed: job stalled more than allowable limit",
    });
  });
});
