// What a user's budget and a check's estimate add up, against a real PostgreSQL: Run.gpuSeconds and the
// throughput in Run.cost of the runs that count.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { type Prisma, createPrismaClient } from "@forge/db";
import { runCost } from "@forge/core/experiments/json-columns";
import { measuredFlopsPerSecond } from "@forge/core/experiments/estimate";
import { gpuSecondsCommittedThisMonth } from "@forge/core/experiments/queue-check";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must point at PostgreSQL for these tests");
const prisma = createPrismaClient(url);
const projects: string[] = [];
afterAll(async () => {
  await prisma.project.deleteMany({ where: { id: { in: projects } } });
  await prisma.$disconnect();
});

async function project() {
  const slug = `gpu-seconds-${randomBytes(4).toString("hex")}`;
  const created = await prisma.project.create({ data: { slug, name: slug } });
  projects.push(created.id);
  return created.id;
}

const run = (projectId: string, data: Partial<Prisma.RunUncheckedCreateInput>) =>
  prisma.run.create({
    data: { projectId, revision: "0".repeat(64), role: "HEAD", seed: 1, specHash: "0".repeat(64), ...data },
  });

const throughput = (adapter: string, flops: number, trainSeconds: number | null) =>
  runCost.write({ trainSeconds, tokens: 1, tokensPerSecond: 1, peakBytes: 1, flops, adapter });

describe("measuredFlopsPerSecond", () => {
  it("divides the FLOPs by the training seconds of the class's last 20 trained runs, reused ones left out", async () => {
    const projectId = await project();
    // Ended in the future: newer than any other test's runs, which the measure also reads.
    const endedAt = (hours: number) => new Date(Date.now() + (24 + hours) * 3600_000);
    for (let i = 0; i < 20; i++)
      await run(projectId, { state: "SUCCEEDED", endedAt: endedAt(i), cost: throughput("gpu", 1e12, 2) });
    const newest = endedAt(30);
    const original = await run(projectId, {
      state: "SUCCEEDED",
      endedAt: endedAt(-1),
      cost: throughput("gpu", 1e14, 1),
    });
    await run(projectId, {
      state: "SUCCEEDED",
      endedAt: newest,
      reusedFromId: original.id,
      cost: throughput("gpu", 9e12, 1),
    });
    await run(projectId, { state: "SUCCEEDED", endedAt: newest, cost: throughput("gpu", 9e12, null) });
    await run(projectId, { state: "FAILED", endedAt: newest, cost: throughput("gpu", 9e12, 1) });
    await run(projectId, { state: "SUCCEEDED", endedAt: newest, cost: throughput("cpu", 9e12, 1) });

    expect(await measuredFlopsPerSecond(prisma, "gpu")).toBe(5e11);
  });
});

describe("gpuSecondsCommittedThisMonth", () => {
  it("counts what the user's runs held this month, once: a reused run's seconds are its original's", async () => {
    const projectId = await project();
    const user = await prisma.user.create({
      data: { email: `${randomBytes(4).toString("hex")}@test.local`, handle: randomBytes(4).toString("hex") },
    });
    const mine = { requestedById: user.id };
    const trained = await run(projectId, { ...mine, gpuSeconds: 30 });
    await run(projectId, { ...mine, gpuSeconds: 30, reusedFromId: trained.id });
    await run(projectId, { ...mine, gpuSeconds: null });
    await run(projectId, { gpuSeconds: 100 });

    expect(await gpuSecondsCommittedThisMonth(prisma, { projectId, userId: user.id })).toBe(30);
  });
});
