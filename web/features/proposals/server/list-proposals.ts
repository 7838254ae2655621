import "server-only";
import { getPrisma, type ProposalState } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

export async function listProposals(options: { access: TProjectAccess; state?: ProposalState }) {
  const { projectId } = options.access;
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
