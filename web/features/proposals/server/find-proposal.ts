import "server-only";
import { getPrisma, type Prisma } from "@forge/db";
import { badRequest, notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** The proposal of the project by number; 404 when there is none. */
export async function findProposal(options: { access: TProjectAccess; number: number }) {
  const proposal = await getPrisma().proposal.findUnique({
    where: { projectId_number: { projectId: options.access.projectId, number: options.number } },
  });
  if (!proposal) throw notFound(`Proposal #${options.number}`);
  return proposal;
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
