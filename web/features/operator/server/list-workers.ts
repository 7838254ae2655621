import "server-only";
import { getPrisma } from "@forge/db";
import { workerAdapter } from "@forge/core/experiments/json-columns";

/** A worker counts as alive while its heartbeat is younger than three beats. */
export const STALE_AFTER_MS = 15_000;

/** The fleet; a run of a private project the caller cannot see is shown without its project and proposal. */
export async function listWorkers(visible: Set<string>) {
  const workers = await getPrisma().worker.findMany({
    where: { OR: [{ stoppedAt: null }, { stoppedAt: { gt: new Date(Date.now() - 3600_000) } }] },
    orderBy: { startedAt: "desc" },
    take: 100,
  });
  const runIds = workers.map((w) => w.currentRunId).filter((id): id is string => id !== null);
  const runs = await getPrisma().run.findMany({
    where: { id: { in: runIds } },
    include: {
      project: { select: { slug: true } },
      check: { include: { proposal: { select: { number: true } } } },
    },
  });
  const runById = new Map(runs.map((r) => [r.id, r]));
  const lastSteps = await getPrisma().runMetric.groupBy({
    by: ["runId"],
    where: { runId: { in: runIds } },
    _max: { step: true },
  });
  const lastStepOf = new Map(lastSteps.map((row) => [row.runId, row._max.step]));
  const now = Date.now();
  return workers.map((w) => ({
    id: w.id,
    host: w.host,
    pid: w.pid,
    adapter: workerAdapter.read(w.adapter),
    startedAt: w.startedAt.toISOString(),
    lastHeartbeat: w.lastHeartbeat.toISOString(),
    currentRunId: w.currentRunId,
    currentRun: describeRun(
      w.currentRunId ? runById.get(w.currentRunId) : undefined,
      w.currentRunId ? (lastStepOf.get(w.currentRunId) ?? null) : null,
      visible,
    ),
    status: w.stoppedAt ? "stopped" : now - w.lastHeartbeat.getTime() < STALE_AFTER_MS ? "alive" : "lost",
  }));
}
function describeRun(
  run:
    | {
        role: string;
        seed: number;
        state: string;
        projectId: string;
        project: { slug: string };
        check: { proposal: { number: number } } | null;
      }
    | undefined,
  /** The last step its curve records (null: none yet). */
  lastStep: number | null,
  visible: Set<string>,
) {
  if (!run) return null;
  const shown = visible.has(run.projectId);
  return {
    /** null: a private project the caller is not a member of. */
    project: shown ? run.project.slug : null,
    proposal: shown ? (run.check?.proposal.number ?? null) : null,
    role: run.role,
    seed: run.seed,
    state: run.state,
    step: (lastStep ?? -1) + 1,
  };
}

export type TWorkerRow = Awaited<ReturnType<typeof listWorkers>>[number];
