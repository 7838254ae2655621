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
const storedSteps = async (id: string) =>
  ((await prisma.run.findUniqueOrThrow({ where: { id } })).metrics as { step: number }[]).map((p) => p.step);

describe("RunProgress.persist", () => {
  it("writes every recorded point, and throws instead once the run is stopped", async () => {
    const run = await runningRun("worker-a");
    const progress = new RunProgress(prisma, run.id, "worker-a", [], async () => undefined);
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
    const progress = new RunProgress(prisma, run.id, "worker-a", [], async () => undefined);
    progress.step(point(0));
    await prisma.run.update({ where: { id: run.id }, data: { workerId: "worker-b" } });
    await expect(progress.persist()).rejects.toThrow("run taken over");
    expect(await storedSteps(run.id)).toEqual([]);
  });
});
