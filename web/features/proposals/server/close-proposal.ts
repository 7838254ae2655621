import "server-only";
import { getPrisma } from "@forge/db";
import { forbidden } from "@/lib/errors";
import { hasRole } from "@/features/projects/roles";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import { findProposal, lockOpenProposal } from "./find-proposal";

export async function closeProposal(options: { slug: string; userId: string | null; number: number }) {
  const { access, proposal } = await findProposal({ ...options, needed: "CONTRIBUTOR" });
  if (proposal.authorId !== access.userId && !hasRole(access.role, "MAINTAINER"))
    throw forbidden("MAINTAINER (or be the author)");
  return getPrisma().$transaction(async (tx) => {
    await lockOpenProposal(tx, proposal);
    const closed = await tx.proposal.update({ where: { id: proposal.id }, data: { state: "CLOSED" } });
    await recordAuditEvent(tx, {
      actorId: access.userId,
      projectId: access.projectId,
      action: "proposal.close",
      target: `#${proposal.number}`,
    });
    return closed;
  });
}
