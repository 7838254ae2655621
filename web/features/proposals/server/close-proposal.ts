import "server-only";
import { getPrisma } from "@forge/db";
import { requireMay, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import { findProposal, lockOpenProposal } from "./find-proposal";

export async function closeProposal(options: { access: TProjectAccess<"proposal.close">; number: number }) {
  const { access } = options;
  const proposal = await findProposal(options);
  requireMay(access, "proposal.close", { authorId: proposal.authorId });
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
