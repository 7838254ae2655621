// Runs' loss curves, read from and copied between RunMetric rows (the workers append them: see RunProgress).
import type { Prisma, PrismaClient } from "@forge/db";
import type { TMetricPoint } from "./run-records";

type TDb = PrismaClient | Prisma.TransactionClient;

const POINT = { step: true, tokens: true, loss: true, lr: true, ms: true } as const;

/** Each run's curve in step order, by run id; a run with no recorded step has none. */
export async function readRunCurves(
  db: TDb,
  runIds: readonly string[],
): Promise<Map<string, TMetricPoint[]>> {
  const rows = await db.runMetric.findMany({
    where: { runId: { in: [...runIds] } },
    orderBy: [{ runId: "asc" }, { step: "asc" }],
    select: { runId: true, ...POINT },
  });
  const curves = new Map<string, TMetricPoint[]>();
  for (const { runId, ...point } of rows) {
    const curve = curves.get(runId) ?? [];
    curve.push(point);
    curves.set(runId, curve);
  }
  return curves;
}

/** Gives a reused run the curve of the run it was copied from. */
export async function copyRunCurve(db: TDb, options: { from: string; to: string }): Promise<void> {
  const rows = await db.runMetric.findMany({
    where: { runId: options.from },
    select: { ...POINT, evalLoss: true },
  });
  await db.runMetric.createMany({ data: rows.map((row) => ({ ...row, runId: options.to })) });
}
