// Live progress of a training run: every step's loss lands in memory and is appended to the run's RunMetric
// rows (which the proposal page polls) at most once per interval; rows are never rewritten. Each flush also
// reads the run's state, so a cancellation made in the web reaches the engine's AbortSignal within one
// interval.
import type { PrismaClient } from "@forge/db";
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

type TOwnership = { state: string; workerId: string | null };

export class RunProgress {
  /** Recorded and not yet written. */
  private points: TMetricPoint[] = [];
  /** Evaluation losses by the step they follow, not yet written. */
  private evaluations = new Map<number, number>();
  private lastStep: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  readonly abort = new AbortController();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly runId: string,
    private readonly workerId: string,
    /** After each write, with the last step recorded (null before the first). */
    private readonly onFlush: (lastStep: number | null) => Promise<void>,
  ) {}

  start(intervalMs: number) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
  }

  /**
   * A resumed run repeats the steps after its last checkpoint. Rows are unique per step, so the steps an earlier
   * attempt already wrote keep their rows (training is deterministic in seed and step) and the curve has no
   * duplicate; the checkpoint follows every row it covers (see persist), so it has no gap either.
   */
  step(point: TMetricPoint) {
    this.points.push(point);
    this.lastStep = point.step;
  }

  /** The held-out loss measured after `step` steps: it belongs to the row of step `step - 1`. */
  evaluated(step: number, evalLoss: number) {
    this.evaluations.set(step - 1, evalLoss);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const run = await this.prisma.run.findUnique({
        where: { id: this.runId },
        select: { state: true, workerId: true },
      });
      this.abortUnlessOwned(run);
      if ((this.points.length === 0 && this.evaluations.size === 0) || this.abort.signal.aborted) return;
      const points = this.points;
      const evaluations = this.evaluations;
      this.points = [];
      this.evaluations = new Map();
      let written: boolean;
      try {
        written = await this.write(points, evaluations);
      } catch (error) {
        // Kept for the next flush, ahead of anything recorded since.
        this.points = [...points, ...this.points];
        for (const [step, loss] of this.evaluations) evaluations.set(step, loss);
        this.evaluations = evaluations;
        throw error;
      }
      if (written) await this.onFlush(this.lastStep);
    });
    // A failed flush (database blip) is retried by the next one; the final flush's error reaches the caller.
    return this.flushing.catch((error: unknown) => {
      this.flushing = Promise.resolve();
      throw error;
    });
  }

  private abortUnlessOwned(run: TOwnership | null | undefined) {
    if (run?.state === "CANCELLED") this.abort.abort(new RunStoppedError("cancelled"));
    else if (run?.workerId !== this.workerId) this.abort.abort(new RunStoppedError("taken over"));
  }

  /** Appends the rows, then the evaluation losses, if this worker still trains the run. Returns whether it did. */
  private async write(points: TMetricPoint[], evaluations: Map<number, number>): Promise<boolean> {
    const run = await this.prisma.$transaction(async (tx) => {
      // Locks the run's row: a claim by another worker or a cancel waits until these rows are in.
      const [locked] = await tx.$queryRaw<TOwnership[]>`
        SELECT state, "workerId" FROM "Run" WHERE id = ${this.runId} FOR UPDATE`;
      if (locked?.state !== "RUNNING" || locked.workerId !== this.workerId) return locked;
      await tx.runMetric.createMany({
        data: points.map((point) => ({ ...point, runId: this.runId })),
        skipDuplicates: true,
      });
      for (const [step, evalLoss] of evaluations)
        await tx.runMetric.updateMany({ where: { runId: this.runId, step }, data: { evalLoss } });
      return locked;
    });
    this.abortUnlessOwned(run);
    return run?.state === "RUNNING" && run.workerId === this.workerId;
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
