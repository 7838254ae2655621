// RunProgress against a real PostgreSQL: a checkpoint may only follow points that are in the database.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { RunProgress, RunStoppedError } from "./run-progress";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at PostgreSQL for these tests");
const prisma = createPrismaClient(url);
afterAll(() => prisma.$disconnect());

async function runningRun(workerId: string) {
  const slug = `progress-${randomBytes(4).toString("hex")}`;
  const project = await prisma.project.create({ data: { slug, name: slug } });
  return prisma.run.create({
    data: {
      projectId: project.id,
      revision: "0".repeat(64),
      role: "HEAD",
      seed: 1,
      specHash: "0".repeat(64),
      state: "RUNNING",
      workerId,
    },
  });
}

const point = (step: number) => ({ step, tokens: (step + 1) * 64, loss: 5 - step / 10, lr: 1e-3, ms: step });
const storedRows = (runId: string) =>
  prisma.runMetric.findMany({ where: { runId }, orderBy: { step: "asc" } });
const storedSteps = async (runId: string) => (await storedRows(runId)).map((row) => row.step);

describe("RunProgress.persist", () => {
  it("writes every recorded point, and throws instead once the run is stopped", async () => {
    const run = await runningRun("worker-a");
    const progress = new RunProgress(prisma, run.id, "worker-a", async () => undefined);
    for (const step of [0, 1, 2]) progress.step(point(step));
    await progress.persist();
    expect(await storedSteps(run.id)).toEqual([0, 1, 2]);

    // Shutting down between steps 3 and the checkpoint: the checkpoint must not be saved past step 2.
    progress.step(point(3));
    progress.abort.abort(new RunStoppedError("worker shutting down"));
    await expect(progress.persist()).rejects.toThrow("run worker shutting down");
    expect(await storedSteps(run.id)).toEqual([0, 1, 2]);
  });

  it("throws when another worker has taken the run over", async () => {
    const run = await runningRun("worker-a");
    const progress = new RunProgress(prisma, run.id, "worker-a", async () => undefined);
    progress.step(point(0));
    await prisma.run.update({ where: { id: run.id }, data: { workerId: "worker-b" } });
    await expect(progress.persist()).rejects.toThrow("run taken over");
    expect(await storedSteps(run.id)).toEqual([]);
  });

  it("keeps a step recorded again by a resumed attempt once, and the evaluation on its step", async () => {
    const run = await runningRun("worker-a");
    const first = new RunProgress(prisma, run.id, "worker-a", async () => undefined);
    for (const step of [0, 1, 2, 3]) first.step(point(step));
    first.evaluated(2, 4.5);
    await first.persist();

    // Another worker resumes from a checkpoint after step 1: it records steps 2 and 3 again, then goes on.
    await prisma.run.update({ where: { id: run.id }, data: { workerId: "worker-b" } });
    const resumed = new RunProgress(prisma, run.id, "worker-b", async () => undefined);
    for (const step of [2, 3, 4, 5]) resumed.step(point(step));
    await resumed.persist();
    resumed.evaluated(6, 4.25);
    await resumed.persist();

    const rows = await storedRows(run.id);
    expect(rows.map((row) => row.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.map((row) => row.evalLoss)).toEqual([null, 4.5, null, null, null, 4.25]);
  });

  it("reports the last recorded step after each write, and nothing when there was nothing to write", async () => {
    const run = await runningRun("worker-a");
    const flushed: (number | null)[] = [];
    const progress = new RunProgress(prisma, run.id, "worker-a", async (lastStep) => {
      flushed.push(lastStep);
    });
    await progress.persist();
    progress.step(point(0));
    progress.step(point(1));
    await progress.persist();
    expect(flushed).toEqual([1]);
  });
});
