import "server-only";
import { getPrisma } from "@forge/db";
import { checkSummary } from "@forge/core/experiments/json-columns";
import { readRunCurves } from "@forge/core/experiments/run-curves";
import type { TMetricPoint } from "@forge/core/experiments/run-records";
import { may } from "@/features/projects/permissions";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findProposal } from "@/features/proposals/server/find-proposal";

/** Curves keep at most this many points per run: enough to draw, small enough to poll every second. */
const MAX_POINTS = 200;

function downsample(points: TMetricPoint[]): TMetricPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const stride = points.length / MAX_POINTS;
  const picked = Array.from(
    { length: MAX_POINTS - 1 },
    (_, i) => points[Math.floor(i * stride)] ?? [],
  ).flat();
  const last = points.at(-1);
  return last ? [...picked, last] : picked;
}

/** Seconds left for a running run: its mean time per step so far times the steps still to go. */
function runEtaSeconds(points: TMetricPoint[], steps: number): number | null {
  const last = points.at(-1);
  if (!last || last.ms <= 0) return null;
  const done = last.step + 1;
  return ((steps - done) * last.ms) / done / 1000;
}

/** The proposal's checks, newest first, with every run's live curve, ETA and what the viewer may do. */
export async function listChecks(options: { access: TProjectAccess; number: number }) {
  const { access } = options;
  const proposal = await findProposal(options);
  const checks = await getPrisma().check.findMany({
    where: { proposalId: proposal.id },
    orderBy: { createdAt: "desc" },
    take: 10,
    include: { runs: { orderBy: [{ seed: "asc" }, { role: "asc" }] } },
  });
  const caller = { ...access, isAuthor: access.userId === proposal.authorId };
  const open = proposal.state === "OPEN";
  const curves = await readRunCurves(
    getPrisma(),
    checks.flatMap((check) => check.runs.map((run) => run.id)),
  );
  const views = checks.map((check) => {
    const summary = checkSummary.read(check.summary);
    const runs = check.runs.map((run) => {
      const points = curves.get(run.id) ?? [];
      const steps = run.role === "HEAD" ? summary.steps.head : summary.steps.base;
      return {
        id: run.id,
        role: run.role,
        seed: run.seed,
        state: run.state,
        error: run.error,
        step: (points.at(-1)?.step ?? -1) + 1,
        steps,
        etaSeconds: run.state === "RUNNING" ? runEtaSeconds(points, steps) : null,
        reused: run.reusedFromId !== null,
        points: downsample(points).map((p) => ({ tokens: p.tokens, loss: p.loss })),
      };
    });
    const active = ["AWAITING_APPROVAL", "QUEUED", "RUNNING"].includes(check.state);
    const queuedRuns = runs.filter((r) => r.state === "QUEUED").length;
    const trainedRuns = runs.filter((r) => !r.reused).length || 1;
    const etaSeconds = active
      ? runs.reduce((sum, r) => sum + (r.etaSeconds ?? 0), 0) +
        (queuedRuns * check.estimateGpuSeconds) / trainedRuns
      : null;
    return {
      id: check.id,
      kind: check.kind,
      state: check.state,
      revision: check.revision,
      createdAt: check.createdAt.toISOString(),
      estimateGpuSeconds: check.estimateGpuSeconds,
      etaSeconds,
      summary: {
        baseRevision: summary.baseRevision,
        requestedBy: summary.requestedBy,
        approvedBy: summary.approvedBy ?? null,
        cancelledBy: summary.cancelledBy ?? null,
        budget: summary.budget,
        error: summary.error ?? null,
        results: summary.results ?? null,
      },
      runs,
      canCancel: active && open && may("check.cancel", caller),
      canApprove: check.state === "AWAITING_APPROVAL" && may("check.approve", caller),
    };
  });
  const latest = views[0];
  return {
    checks: views,
    canRerun:
      open &&
      may("check.rerun", caller) &&
      (!latest || ["STALE", "FAILED", "CANCELLED"].includes(latest.state)),
  };
}
export type TChecksView = Awaited<ReturnType<typeof listChecks>>;
export type TCheckView = TChecksView["checks"][number];
