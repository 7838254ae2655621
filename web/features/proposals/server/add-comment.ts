import "server-only";
import { getPrisma } from "@forge/db";
import { badRequest } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import type { TAddComment } from "../schemas";
import { findProposal } from "./find-proposal";

export async function addComment(options: {
  access: TProjectAccess<"proposal.comment">;
  number: number;
  input: TAddComment;
}) {
  const { access } = options;
  const proposal = await findProposal(options);
  const prisma = getPrisma();
  if (options.input.parentId) {
    const parent = await prisma.comment.findUnique({ where: { id: options.input.parentId } });
    if (!parent || parent.proposalId !== proposal.id)
      throw badRequest("parentId: no such comment on this proposal");
  }
  return prisma.$transaction(async (tx) => {
    const comment = await tx.comment.create({
      data: { proposalId: proposal.id, authorId: access.userId, ...options.input },
    });
    await recordAuditEvent(tx, {
      actorId: access.userId,
      projectId: access.projectId,
      action: "comment.create",
      target: `#${proposal.number}`,
      detail: { commentId: comment.id, anchor: comment.anchor },
    });
    return comment;
  });
}
