import "server-only";
import { getPrisma, readRef } from "@forge/db";
import { badRequest, forbidden } from "@/lib/errors";
import { hasRole } from "@/features/projects/roles";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TSubmitReview } from "../schemas";
import { findProposal } from "./find-proposal";

/** Approving or requesting changes is a maintainer's call, on the head revision; authors cannot approve their own. */
export async function submitReview(options: {
  slug: string;
  userId: string | null;
  number: number;
  input: TSubmitReview;
}) {
  const { access, proposal } = await findProposal({ ...options, needed: "CONTRIBUTOR" });
  const { verdict } = options.input;
  if (verdict !== "COMMENT" && !hasRole(access.role, "MAINTAINER")) throw forbidden("MAINTAINER");
  if (verdict === "APPROVE" && proposal.authorId === access.userId)
    throw badRequest("verdict: authors cannot approve their own proposal");
  if (proposal.state !== "OPEN")
    throw badRequest(`state: proposal #${proposal.number} is ${proposal.state.toLowerCase()}`);
  const prisma = getPrisma();
  const revision = (await readRef(prisma, access.projectId, proposal.headRef))!;
  return prisma.$transaction(async (tx) => {
    const review = await tx.review.create({
      data: {
        proposalId: proposal.id,
        authorId: access.userId!,
        verdict,
        revision,
        body: options.input.body,
      },
    });
    await recordAuditEvent(tx, {
      actorId: access.userId,
      projectId: access.projectId,
      action: `review.${verdict.toLowerCase()}`,
      target: `#${proposal.number}`,
      detail: { revision },
    });
    return review;
  });
}
