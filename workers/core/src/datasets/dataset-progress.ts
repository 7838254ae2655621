import type { PrismaClient } from "@forge/db";
import { type TDatasetPhase, type TDatasetProgress, datasetProgress } from "./json-columns";

/** Where progress goes besides the Dataset row: a BullMQ job's updateProgress, say. */
export type TProgressSink = (progress: TDatasetProgress) => Promise<unknown> | void;

const MIN_INTERVAL_MS = 250;

/**
 * Checkpoints progress on Dataset.progress (what the dataset page polls) and to an optional sink. Updates
 * within a phase are throttled so a fast loop does not turn into a write per row.
 */
export function createProgressReporter(prisma: PrismaClient, datasetId: string, sink?: TProgressSink) {
  let lastPhase: TDatasetPhase | undefined;
  let lastAt = 0;
  return async (phase: TDatasetPhase, rows: number, totalRows: number) => {
    const now = Date.now();
    const finished = rows >= totalRows;
    if (phase === lastPhase && !finished && now - lastAt < MIN_INTERVAL_MS) return;
    lastPhase = phase;
    lastAt = now;
    const progress: TDatasetProgress = {
      phase,
      rows,
      totalRows,
      percent: totalRows === 0 ? 100 : Math.round((rows / totalRows) * 100),
    };
    await prisma.dataset.update({
      where: { id: datasetId },
      data: { progress: datasetProgress.write(progress) },
    });
    await sink?.(progress);
  };
}
