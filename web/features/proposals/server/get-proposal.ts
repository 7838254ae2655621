import "server-only";
import { getPrisma, readRef, readRevision } from "@forge/db";
import { diffRevisions } from "@forge/spec";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findProposal } from "./find-proposal";
import { mergeReadiness } from "./merge-readiness";
import { renderMarkdown } from "./render-markdown";

/** Everything the proposal page shows: the typed diff against its base, the thread, reviews, checks. */
export async function getProposal(options: { access: TProjectAccess; number: number }) {
  const { access } = options;
  const proposal = await findProposal(options);
  const prisma = getPrisma();
  const head =
    (await readRef(prisma, access.projectId, proposal.headRef)) ??
    proposal.mergedRevision ??
    proposal.baseRevision;
  const [base, headRead] = await Promise.all([
    readRevision(prisma, access.projectId, proposal.baseRevision),
    readRevision(prisma, access.projectId, head),
  ]);
  const [author, comments, reviews, checks, readiness] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: proposal.authorId }, select: { handle: true } }),
    prisma.comment.findMany({
      where: { proposalId: proposal.id },
      orderBy: { createdAt: "asc" },
      include: { author: { select: { handle: true } } },
    }),
    prisma.review.findMany({
      where: { proposalId: proposal.id },
      orderBy: { createdAt: "asc" },
      include: { author: { select: { handle: true } } },
    }),
    prisma.check.findMany({ where: { proposalId: proposal.id }, orderBy: { createdAt: "desc" } }),
    mergeReadiness(prisma, proposal, head),
  ]);
  return {
    proposal: {
      number: proposal.number,
      title: proposal.title,
      bodyHtml: renderMarkdown(proposal.body),
      body: proposal.body,
      state: proposal.state,
      author: author.handle,
      baseRevision: proposal.baseRevision,
      headRevision: head,
      mergedRevision: proposal.mergedRevision,
      createdAt: proposal.createdAt.toISOString(),
    },
    role: access.role,
    viewerIsAuthor: access.userId === proposal.authorId,
    baseDocs: base?.docs ?? {},
    headDocs: headRead?.docs ?? {},
    diff: diffRevisions(base?.docs ?? {}, headRead?.docs ?? {}),
    comments: comments.map((c) => ({
      id: c.id,
      author: c.author?.handle ?? "forge",
      bodyHtml: renderMarkdown(c.body),
      parentId: c.parentId,
      anchor: c.anchor,
      system: c.systemKey !== null,
      createdAt: c.createdAt.toISOString(),
    })),
    reviews: reviews.map((r) => ({
      id: r.id,
      author: r.author.handle,
      verdict: r.verdict,
      revision: r.revision,
      bodyHtml: renderMarkdown(r.body),
      createdAt: r.createdAt.toISOString(),
    })),
    checks: checks.map((c) => ({
      id: c.id,
      kind: c.kind,
      state: c.state,
      revision: c.revision,
      summary: c.summary,
    })),
    readiness,
  };
}
export type TProposalView = Awaited<ReturnType<typeof getProposal>>;
