// The operator view is public, but a private project's runs and failed jobs must not leak through it.
import { Queue, Worker as QueueWorker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@forge/db";
import { QUEUES } from "@forge/core/contracts";
import { closeQueues } from "@forge/core/queue";
import { workerAdapter } from "@forge/core/experiments/json-columns";
import { createProjectWithMembers, createUser, uniqueName } from "@/test/factories";
import { listWorkers } from "./list-workers";
import { getFailedJobs } from "./list-failed-jobs";
import { visibleProjectIds } from "@/features/projects/server/list-projects";

const prisma = getPrisma();
const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
afterAll(async () => {
  connection.disconnect();
  await closeQueues();
  await prisma.$disconnect();
});

/** Fails one job of the data queue through a real BullMQ worker (other tests' jobs there fail too: no matter). */
async function failJob(data: Record<string, unknown>, message: string) {
  const queue = new Queue(QUEUES.data, { connection });
  const job = await queue.add("ingest-dataset", data, { attempts: 1 });
  const worker = new QueueWorker(
    QUEUES.data,
    async () => {
      throw new Error(message);
    },
    { connection: connection.duplicate() },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          void job
            .getState()
            .then((state) => reject(new Error(`job ${job.id} not failed after 10 s: ${state}`))),
        10_000,
      );
      worker.on("failed", (failed) => {
        if (failed?.id !== job.id) return;
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    await worker.close();
    await queue.close();
  }
  return job.id!;
}

describe("operator fleet", () => {
  it("hides a private project's current run and failed-job errors from non-members", async () => {
    const { project, members } = await createProjectWithMembers(["MAINTAINER"]);
    await prisma.project.update({ where: { id: project.id }, data: { visibility: "PRIVATE" } });
    const run = await prisma.run.create({
      data: {
        projectId: project.id,
        revision: "0".repeat(64),
        role: "HEAD",
        seed: 1,
        specHash: "0".repeat(64),
      },
    });
    const workerId = uniqueName("worker");
    await prisma.worker.create({
      data: {
        id: workerId,
        host: "gpu-1",
        pid: 1,
        adapter: workerAdapter.write({
          kind: "gpu",
          vendor: "nvidia",
          architecture: "hopper",
          device: "H200",
          description: "",
          features: [],
          limits: {},
        }),
        currentRunId: run.id,
      },
    });
    const dataset = await prisma.dataset.create({
      data: { projectId: project.id, name: uniqueName("secret-source"), state: "INGESTING" },
    });
    const jobId = await failJob({ datasetId: dataset.id }, `secret-source.jsonl:3: invalid JSON`);

    const outsider = await createUser("outsider");
    for (const [who, sees] of [
      [null, false],
      [outsider.id, false],
      [members.MAINTAINER.id, true],
    ] as const) {
      const visible = await visibleProjectIds(who);
      const row = (await listWorkers(visible)).find((w) => w.id === workerId)!;
      expect(row.currentRun).toMatchObject({ project: sees ? project.slug : null, role: "HEAD", seed: 1 });
      const job = (await getFailedJobs(visible)).find((j) => j.id === jobId)!;
      expect(job.error).toBe(sees ? "secret-source.jsonl:3: invalid JSON" : "(a job of a private project)");
      expect(job.data).toEqual(sees ? { datasetId: dataset.id } : {});
    }
  });
});
