import "server-only";
import { getPrisma, type Role } from "@forge/db";
import { notFound } from "@/lib/errors";
import { requireProjectRole } from "@/features/projects/server/require-project-role";

/** Resolves project access and the proposal by number; throws 404 when either is missing. */
export async function findProposal(options: {
  slug: string;
  userId: string | null;
  number: number;
  needed: Role | null;
}) {
  const access = await requireProjectRole(options);
  const proposal = await getPrisma().proposal.findUnique({
    where: { projectId_number: { projectId: access.projectId, number: options.number } },
  });
  if (!proposal) throw notFound(`Proposal #${options.number}`);
  return { access, proposal };
}
