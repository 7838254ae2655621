import "server-only";
import {
  compareAndSwapRef,
  formatSpecError,
  getPrisma,
  readRef,
  readRevision,
  writeRevision,
} from "@forge/db";
import { parseArtifact } from "@forge/spec";
import { newTreeErrors } from "@/features/artifacts/server/new-tree-errors";
import { badRequest } from "@/lib/errors";
import { requireMay, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { mapStoreError } from "@/features/artifacts/server/map-store-errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TCommitChanges } from "../schemas";
import { findProposal, lockOpenProposal } from "./find-proposal";
import { queueChecks } from "@/features/checks/server/queue-checks";

/**
 * Writes a revision on the proposal's own ref: every changed artifact is parsed (YAML or JSON) and validated
 * first, then blobs, revision and the ref move happen in one transaction, the ref by compare-and-swap from
 * `expectedHead`. The proposal's author may edit it with a lower role than anyone else (see PERMISSIONS).
 */
export async function commitToProposal(options: {
  access: TProjectAccess<"proposal.commit">;
  number: number;
  input: TCommitChanges;
}) {
  const { access } = options;
  const proposal = await findProposal(options);
  requireMay(access, "proposal.commit", { authorId: proposal.authorId });

  const prisma = getPrisma();
  const head = await readRevision(prisma, access.projectId, options.input.expectedHead);
  if (!head) throw badRequest(`expectedHead: no revision ${options.input.expectedHead.slice(0, 12)}`);
  const docs = { ...head.docs };
  const errors: { artifact: string; path: string; message: string }[] = [];
  for (const change of options.input.changes) {
    if (change.content === null) {
      delete docs[change.path];
      continue;
    }
    const parsed = parseArtifact(change.path, change.content);
    if (parsed.ok) docs[change.path] = parsed.doc;
    else errors.push(...parsed.errors.map((e) => ({ artifact: change.path, ...e })));
  }
  // Then the rules that span artifacts (a mix source without its card, seq_len over max_seq, ...): a head
  // that breaks them could otherwise fast-forward onto main. Only problems this commit brings in are refused.
  if (errors.length === 0) errors.push(...newTreeErrors(head.docs, docs));
  const [firstError] = errors;
  if (firstError) throw badRequest(formatSpecError(firstError), errors);
  let committed;
  try {
    committed = await prisma.$transaction(async (tx) => {
      await lockOpenProposal(tx, proposal);
      const revision = await writeRevision(tx, {
        projectId: access.projectId,
        parents: [options.input.expectedHead],
        docs,
        authorId: access.userId,
        authorName: access.handle,
        message: options.input.message,
        proposalId: proposal.id,
      });
      await compareAndSwapRef(tx, {
        projectId: access.projectId,
        name: proposal.headRef,
        expected: options.input.expectedHead,
        next: revision,
      });
      await tx.proposal.update({ where: { id: proposal.id }, data: { updatedAt: new Date() } });
      await recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "proposal.commit",
        target: `#${proposal.number}`,
        detail: { revision, paths: options.input.changes.map((c) => c.path) },
      });
      return { revision, head: await readRef(tx, access.projectId, proposal.headRef) };
    });
  } catch (error) {
    throw mapStoreError(error);
  }
  await queueChecks({ proposalId: proposal.id, userId: access.userId });
  return committed;
}
