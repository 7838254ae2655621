import "server-only";
import { getPrisma, type ProposalState } from "@forge/db";
import { requireProjectRole } from "@/features/projects/server/require-project-role";

export async function listProposals(options: { slug: string; userId: string | null; state?: ProposalState }) {
  const { projectId } = await requireProjectRole({ ...options, needed: null });
  const proposals = await getPrisma().proposal.findMany({
    where: { projectId, ...(options.state ? { state: options.state } : {}) },
    orderBy: { number: "desc" },
    include: { author: { select: { handle: true } }, _count: { select: { comments: true } } },
  });
  return proposals.map((p) => ({
    number: p.number,
    title: p.title,
    state: p.state,
    author: p.author.handle,
    comments: p._count.comments,
    createdAt: p.createdAt.toISOString(),
  }));
}
