// When the last run of a check ends (succeeded, failed or cancelled), the results are computed and posted
// exactly once: the comment's systemKey is unique and the comment and the check's new state are written in
// one transaction, so a retried job, or two workers finishing the last runs together, post one comment.
import { Prisma, type PrismaClient } from "@forge/db";
import { countParameters, flopsPerToken } from "@forge/spec";
import { TERMINAL_RUN_STATES, resultsCommentKey } from "./check-keys";
import { checkSummary, runCost, runFinal, runProfile } from "./json-columns";
import { computeCheckResults, type TResultRun } from "./results";
import { renderResultsComment } from "./results-comment";
import { loadRunSpec, type TRunSpec } from "./run-spec";
import { readRunCurves } from "./run-curves";

export type TFinalizeOutcome = "pending" | "posted" | "already-posted" | "cancelled";

const modelFigures = (spec: TRunSpec) => ({
  parameters: countParameters(spec.architecture).total,
  flopsPerToken: flopsPerToken(spec.architecture, spec.seqLen).training,
});

class CheckMovedError extends Error {}

export async function finalizeCheck(options: {
  prisma: PrismaClient;
  checkId: string;
}): Promise<TFinalizeOutcome> {
  const { prisma } = options;
  const check = await prisma.check.findUniqueOrThrow({
    where: { id: options.checkId },
    include: { runs: true, proposal: { include: { project: { select: { slug: true } } } } },
  });
  if (check.state === "CANCELLED") return "cancelled";
  if (check.runs.some((r) => !(TERMINAL_RUN_STATES as readonly string[]).includes(r.state))) return "pending";
  const key = resultsCommentKey(check.id);
  if (await prisma.comment.findUnique({ where: { systemKey: key } })) return "already-posted";

  const summary = checkSummary.read(check.summary);
  const projectId = check.proposal.projectId;
  const [baseSpec, headSpec] = await Promise.all([
    loadRunSpec({ prisma, projectId, revision: summary.baseRevision }),
    loadRunSpec({ prisma, projectId, revision: summary.headRevision }),
  ]);
  const curves = await readRunCurves(
    prisma,
    check.runs.map((r) => r.id),
  );
  const runs: TResultRun[] = check.runs.map((r) => ({
    role: r.role,
    seed: r.seed,
    state: r.state,
    error: r.error,
    metrics: curves.get(r.id) ?? [],
    final: runFinal.readNullable(r.final),
    gpuSeconds: r.gpuSeconds,
    reusedFromId: r.reusedFromId,
    cost: runCost.readNullable(r.cost),
    profile: runProfile.readNullable(r.profile),
  }));
  const results = computeCheckResults({
    runs,
    rule: headSpec.recipe.check,
    model: { base: modelFigures(baseSpec), head: modelFigures(headSpec) },
  });
  const slug = check.proposal.project.slug;
  const body = renderResultsComment({
    results,
    headRevision: summary.headRevision,
    baseRevision: summary.baseRevision,
    curvesUrl: `/api/projects/${slug}/checks/${check.id}/curves.svg`,
    stale: check.state === "STALE",
  });

  try {
    await prisma.$transaction(async (tx) => {
      await tx.comment.create({
        data: { proposalId: check.proposalId, authorId: null, body, systemKey: key },
      });
      // A check that went STALE while running keeps that state; its results are still posted for reference.
      // Guarded on the state read above: main moving (STALE) or a cancel since then rolls the comment back
      // and finalizing starts over from the new state.
      const moved = await tx.check.updateMany({
        where: { id: check.id, state: check.state },
        data: {
          state: check.state === "STALE" ? "STALE" : results.verdict === "PASS" ? "PASSED" : "FAILED",
          summary: checkSummary.write({
            ...summary,
            results,
            ...(results.verdict === "FAIL" ? { error: results.reason } : {}),
          }),
        },
      });
      if (moved.count === 0) throw new CheckMovedError();
    });
  } catch (error) {
    if (error instanceof CheckMovedError) return finalizeCheck(options);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return "already-posted";
    throw error;
  }
  return "posted";
}
