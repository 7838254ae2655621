import "server-only";
import { getPrisma, type Prisma, type Role } from "@forge/db";
import { badRequest, notFound } from "@/lib/errors";
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

/**
 * Locks the proposal's row until the transaction ends and checks that it is still open, so that close, merge,
 * commit and review of one proposal take turns instead of each acting on a state read before another committed.
 */
export async function lockOpenProposal(
  tx: Prisma.TransactionClient,
  proposal: { id: string; number: number },
) {
  const [row] = await tx.$queryRaw<{ state: string }[]>`
    SELECT state::text AS state FROM "Proposal" WHERE id = ${proposal.id} FOR UPDATE`;
  if (row?.state !== "OPEN")
    throw badRequest(`state: proposal #${proposal.number} is ${row?.state.toLowerCase() ?? "gone"}`);
}
