import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { workerAdapter } from "@forge/core/experiments/json-columns";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge";
const prisma = createPrismaClient(databaseUrl);
afterAll(() => prisma.$disconnect());

describe("worker process", () => {
  it("registers with its adapter, keeps a heartbeat, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "main.ts")], {
      env: { ...process.env, DATABASE_URL: databaseUrl, FORGE_HEARTBEAT_MS: "300", FORGE_PREFER_CPU: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

    let worker = null;
    for (let i = 0; i < 200 && !worker; i++) {
      await new Promise((r) => setTimeout(r, 100));
      worker = await prisma.worker.findFirst({ where: { pid: child.pid } });
    }
    expect(worker, output).not.toBeNull();
    expect(workerAdapter.read(worker!.adapter).kind).toMatch(/^(cpu|gpu|none)$/);
    const firstBeat = worker!.lastHeartbeat.getTime();
    await new Promise((r) => setTimeout(r, 1000));
    const later = await prisma.worker.findUniqueOrThrow({ where: { id: worker!.id } });
    expect(later.lastHeartbeat.getTime()).toBeGreaterThan(firstBeat);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const stopped = await prisma.worker.findUniqueOrThrow({ where: { id: worker!.id } });
    expect(stopped.stoppedAt).not.toBeNull();
    expect(output).toContain("stopped");
  }, 60_000);
});
