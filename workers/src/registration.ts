import os from "node:os";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@forge/db";
import type { AdapterDescription } from "@forge/kernels";
import { workerAdapter } from "@forge/core/experiments/json-columns";

/** A worker's row in Postgres: what the operator page lists, refreshed by a heartbeat. */
export class WorkerRegistration {
  readonly id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly adapter: AdapterDescription,
  ) {}

  async register(heartbeatMs: number) {
    await this.prisma.worker.create({
      data: {
        id: this.id,
        host: os.hostname(),
        pid: process.pid,
        adapter: workerAdapter.write(this.adapter),
      },
    });
    this.timer = setInterval(
      () => void this.beat().catch((e) => console.error("heartbeat failed:", e)),
      heartbeatMs,
    );
  }

  beat(currentRunId?: string | null) {
    return this.prisma.worker.update({
      where: { id: this.id },
      data: { lastHeartbeat: new Date(), ...(currentRunId !== undefined ? { currentRunId } : {}) },
    });
  }

  async unregister() {
    clearInterval(this.timer);
    await this.prisma.worker.update({
      where: { id: this.id },
      data: { stoppedAt: new Date(), currentRunId: null },
    });
  }
}
