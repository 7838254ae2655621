import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@forge/db";
import { workerAdapter } from "@forge/core/experiments/json-columns";
import { WorkerProcess, done, notYet, waitFor } from "./experiments/experiment-fixtures";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge";
const prisma = createPrismaClient(databaseUrl);
afterAll(() => prisma.$disconnect());

describe("worker process", () => {
  it("registers with the CPU adapter (lavapipe), keeps a heartbeat, and stops cleanly on SIGTERM", async () => {
    const worker = new WorkerProcess({ DATABASE_URL: databaseUrl, FORGE_HEARTBEAT_MS: "300" });
    try {
      const id = await worker.ready(prisma);
      const registered = await prisma.worker.findUniqueOrThrow({ where: { id } });
      // The worker prefers the CPU (FORGE_PREFER_CPU=1) and lavapipe is installed here, as in CI: a worker
      // that found no adapter ("none") could train nothing.
      expect(workerAdapter.read(registered.adapter).kind, worker.output).toBe("cpu");
      const firstBeat = registered.lastHeartbeat.getTime();
      await waitFor(
        "a heartbeat after the first",
        async () => {
          const later = await prisma.worker.findUniqueOrThrow({ where: { id } });
          const beat = later.lastHeartbeat.getTime();
          return beat > firstBeat
            ? done(beat)
            : notYet(`last heartbeat ${later.lastHeartbeat.toISOString()}`);
        },
        5_000,
      );

      expect(await worker.stop("SIGTERM", 10_000)).toBe(0);
      const stopped = await prisma.worker.findUniqueOrThrow({ where: { id } });
      expect(stopped.stoppedAt).not.toBeNull();
      expect(worker.output).toContain("stopped");
    } finally {
      await worker.stop("SIGKILL");
    }
  }, 60_000);
});
