// Live progress of a training run: every step's loss lands in memory and is flushed to Run.metrics (which
// the proposal page polls) at most once per interval. Each flush also reads the run's state, so a
// cancellation made in the web reaches the engine's AbortSignal within one interval.
import type { Prisma, PrismaClient } from "@forge/db";
import type { TMetricPoint } from "@forge/core/experiments/run-records";

/**
 * Why the engine was stopped from outside: the run was cancelled, another worker now trains it, or this worker
 * is shutting down (the job goes back to the queue and resumes from the checkpoint elsewhere).
 */
export class RunStoppedError extends Error {
  constructor(readonly reason: "cancelled" | "taken over" | "worker shutting down") {
    super(`run ${reason}`);
  }
}

/** Throws RunStoppedError unless this worker still trains the run: writes of a worker that lost it would
 * corrupt the new owner's checkpoint and results. */
export async function assertOwnsRun(prisma: PrismaClient, runId: string, workerId: string): Promise<void> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { state: true, workerId: true } });
  if (run?.state === "CANCELLED") throw new RunStoppedError("cancelled");
  if (run?.state !== "RUNNING" || run.workerId !== workerId) throw new RunStoppedError("taken over");
}

export class RunProgress {
  private readonly points: TMetricPoint[];
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  readonly abort = new AbortController();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly runId: string,
    private readonly workerId: string,
    earlier: TMetricPoint[],
    private readonly onFlush: (points: TMetricPoint[]) => Promise<void>,
  ) {
    this.points = [...earlier];
  }

  start(intervalMs: number) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
  }

  /** A resumed run repeats the steps after its last checkpoint: their earlier points are replaced. */
  step(point: TMetricPoint) {
    while (this.points.length > 0 && this.points.at(-1)!.step >= point.step) this.points.pop();
    this.points.push(point);
    this.dirty = true;
  }

  evaluated(step: number, evalLoss: number) {
    const point = this.points.findLast((p) => p.step === step - 1);
    if (point) point.evalLoss = evalLoss;
    this.dirty = true;
  }

  get series(): TMetricPoint[] {
    return this.points;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const run = await this.prisma.run.findUnique({
        where: { id: this.runId },
        select: { state: true, workerId: true },
      });
      if (run?.state === "CANCELLED") this.abort.abort(new RunStoppedError("cancelled"));
      else if (run?.workerId !== this.workerId) this.abort.abort(new RunStoppedError("taken over"));
      if (!this.dirty || this.abort.signal.aborted) return;
      this.dirty = false;
      await this.prisma.run.updateMany({
        where: { id: this.runId, workerId: this.workerId, state: "RUNNING" },
        data: { metrics: this.points as unknown as Prisma.InputJsonValue },
      });
      await this.onFlush(this.points);
    });
    // A failed flush (database blip) is retried by the next one; the final flush's error reaches the caller.
    return this.flushing.catch((error: unknown) => {
      this.dirty = true;
      this.flushing = Promise.resolve();
      throw error;
    });
  }

  /**
   * Writes every recorded point to Postgres, or throws the stop reason when the run was stopped (a stopped
   * run's points are not written). A checkpoint is saved only after this, so it is never ahead of the curve a
   * resuming worker starts from.
   */
  async persist(): Promise<void> {
    await this.flush();
    this.abort.signal.throwIfAborted();
  }

  async stop() {
    clearInterval(this.timer);
    await this.flushing.catch(() => undefined);
  }
}
