import "server-only";
import type { Prisma, PrismaClient } from "@forge/db";
import { may } from "@/features/projects/permissions";

type Tx = Prisma.TransactionClient | PrismaClient;

export type TMergeReadiness = { ready: boolean; reasons: string[]; approvals: string[] };

/**
 * A proposal merges when a maintainer other than the author approved its head revision, no maintainer's latest
 * verdict requests changes, and (once checks exist) the latest check of each kind on the head passed and is
 * not stale.
 */
export async function mergeReadiness(
  tx: Tx,
  proposal: { id: string; projectId: string; authorId: string; state: string },
  headRevision: string,
): Promise<TMergeReadiness> {
  const reasons: string[] = [];
  if (proposal.state !== "OPEN") reasons.push(`the proposal is ${proposal.state.toLowerCase()}`);

  const reviews = await tx.review.findMany({
    where: { proposalId: proposal.id, verdict: { not: "COMMENT" } },
    orderBy: { createdAt: "asc" },
    include: { author: { select: { handle: true } } },
  });
  // Only reviewers who may approve now: a verdict of someone since demoted or removed no longer counts.
  const maintainers = new Set(
    (
      await tx.membership.findMany({
        where: { projectId: proposal.projectId, userId: { in: reviews.map((r) => r.authorId) } },
      })
    )
      .filter((m) => may("proposal.approve", { userId: m.userId, role: m.role }))
      .map((m) => m.userId),
  );
  const latestByReviewer = new Map<string, (typeof reviews)[number]>();
  for (const review of reviews)
    if (maintainers.has(review.authorId)) latestByReviewer.set(review.authorId, review);
  const approvals = [...latestByReviewer.values()]
    .filter((r) => r.verdict === "APPROVE" && r.revision === headRevision && r.authorId !== proposal.authorId)
    .map((r) => r.author.handle);
  const blocking = [...latestByReviewer.values()]
    .filter((r) => r.verdict === "REQUEST_CHANGES")
    .map((r) => r.author.handle);
  if (approvals.length === 0) reasons.push("needs an approval of the head revision from a maintainer");
  if (blocking.length > 0) reasons.push(`changes requested by ${blocking.join(", ")}`);

  const checks = await tx.check.findMany({
    where: { proposalId: proposal.id },
    orderBy: { createdAt: "asc" },
  });
  if (checks.length > 0) {
    const latestByKind = new Map<string, (typeof checks)[number]>();
    for (const check of checks.filter((c) => c.revision === headRevision))
      latestByKind.set(check.kind, check);
    const kinds = new Set(checks.map((c) => c.kind));
    for (const kind of kinds) {
      const check = latestByKind.get(kind);
      if (!check) reasons.push(`check '${kind}' has not run on the head revision`);
      else if (check.state !== "PASSED") reasons.push(`check '${kind}' is ${check.state.toLowerCase()}`);
    }
  }
  return { ready: reasons.length === 0, reasons, approvals };
}
