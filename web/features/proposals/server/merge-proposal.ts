import "server-only";
import {
  MAIN_REF,
  compareAndSwapRef,
  formatSpecError,
  getPrisma,
  isWriteConflict,
  mergeBase,
  readRef,
  readRevision,
  writeRevision,
} from "@forge/db";
import { mergeTrees } from "@forge/spec";
import { newTreeErrors } from "@/features/artifacts/server/new-tree-errors";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { mapStoreError } from "@/features/artifacts/server/map-store-errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findProposal, lockOpenProposal } from "./find-proposal";
import { mergeReadiness } from "./merge-readiness";

/**
 * Merges a proposal into the plan of record. Fast-forwards main when main is an ancestor of the
 * head; otherwise three-way merges the structured documents from the nearest common ancestor and stops with
 * the conflicting fields when both sides changed the same one. main moves by compare-and-swap; checks on the
 * other open proposals turn STALE.
 */
export async function mergeProposal(options: { access: TProjectAccess<"proposal.merge">; number: number }) {
  const { access } = options;
  const proposal = await findProposal(options);
  const prisma = getPrisma();
  const { projectId } = access;
  // Serializable: a merge that collides with a concurrent write (another merge, a close) is rolled back whole
  // and tried again, and then sees the winner's writes.
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          await lockOpenProposal(tx, proposal);
          const head = await readRef(tx, projectId, proposal.headRef);
          if (!head) throw new Error(`proposal ref ${proposal.headRef} is missing`);
          const docsAt = async (hash: string) => {
            const revision = await readRevision(tx, projectId, hash);
            if (!revision) throw new Error(`revision ${hash.slice(0, 12)} is missing`);
            return revision.docs;
          };
          const readiness = await mergeReadiness(tx, proposal, head);
          if (!readiness.ready)
            throw new AppError(409, `not mergeable: ${readiness.reasons.join("; ")}`, readiness);
          const main = await readRef(tx, projectId, MAIN_REF);
          if (!main) throw badRequest("the project has no plan of record");
          const base = await mergeBase(tx, projectId, main, head);

          let merged: string;
          if (base === main) {
            // Fast-forward: the head becomes main as it is, so it must not break rules main keeps.
            const [mainDocs, headDocs] = await Promise.all([docsAt(main), docsAt(head)]);
            const invalid = newTreeErrors(mainDocs, headDocs);
            const [firstInvalid] = invalid;
            if (firstInvalid) throw conflict(`not mergeable: ${formatSpecError(firstInvalid)}`, { invalid });
            merged = head;
          } else {
            const [baseRevision, mainDocs, headDocs] = await Promise.all([
              base ? readRevision(tx, projectId, base) : Promise.resolve(null),
              docsAt(main),
              docsAt(head),
            ]);
            const result = mergeTrees(baseRevision?.docs ?? {}, mainDocs, headDocs);
            if (!result.ok) {
              throw conflict("merge conflict: main and the proposal changed the same fields", {
                conflicts: result.conflicts,
                invalid: result.invalid,
              });
            }
            merged = await writeRevision(tx, {
              projectId,
              parents: [main, head],
              docs: result.tree,
              authorId: access.userId,
              authorName: access.handle,
              message: `Merge proposal #${proposal.number}: ${proposal.title}`,
              proposalId: proposal.id,
            });
          }
          await compareAndSwapRef(tx, { projectId, name: MAIN_REF, expected: main, next: merged });
          await tx.proposal.update({
            where: { id: proposal.id },
            data: { state: "MERGED", mergedRevision: merged },
          });
          const staled = await tx.check.updateMany({
            where: {
              proposal: { projectId, state: "OPEN", id: { not: proposal.id } },
              state: { in: ["PASSED", "FAILED", "QUEUED", "RUNNING", "AWAITING_APPROVAL"] },
            },
            data: { state: "STALE" },
          });
          await recordAuditEvent(tx, {
            actorId: access.userId,
            projectId,
            action: "proposal.merge",
            target: `#${proposal.number}`,
            detail: { from: main, to: merged, fastForward: merged === head, staleChecks: staled.count },
          });
          return { revision: merged, fastForward: merged === head };
        },
        { isolationLevel: "Serializable" },
      );
    } catch (error) {
      if (isWriteConflict(error) && attempt < 3) continue;
      throw mapStoreError(error);
    }
  }
}
