import "server-only";
import { getPrisma, readRef } from "@forge/db";
import { badRequest, conflict } from "@/lib/errors";
import { requireMay, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TSubmitReview } from "../schemas";
import { findProposal, lockOpenProposal } from "./find-proposal";

/** Approving or requesting changes is a maintainer's call, on the head revision; authors cannot approve their own. */
export async function submitReview(options: {
  access: TProjectAccess<"proposal.review">;
  number: number;
  input: TSubmitReview;
}) {
  const { access } = options;
  const proposal = await findProposal(options);
  const { verdict } = options.input;
  if (verdict !== "COMMENT") requireMay(access, "proposal.approve");
  if (verdict === "APPROVE" && proposal.authorId === access.userId)
    throw badRequest("verdict: authors cannot approve their own proposal");
  return getPrisma().$transaction(async (tx) => {
    await lockOpenProposal(tx, proposal);
    const revision = await readRef(tx, access.projectId, proposal.headRef);
    if (!revision) throw new Error(`proposal ref ${proposal.headRef} is missing`);
    // An approval counts for the revision it names: one the reviewer never saw must not be approved.
    if (options.input.revision && options.input.revision !== revision)
      throw conflict(
        `revision: the proposal's head moved to ${revision.slice(0, 12)} since ${options.input.revision.slice(0, 12)}; ` +
          "review the new changes",
      );
    const review = await tx.review.create({
      data: {
        proposalId: proposal.id,
        authorId: access.userId,
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
