import "server-only";
import { MAIN_REF, Prisma, compareAndSwapRef, getPrisma, mergeBase, proposalRef, readRef } from "@forge/db";
import { badRequest } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { queueChecks } from "@/features/checks/server/queue-checks";
import type { TOpenProposal } from "../schemas";

/** Opens a proposal from main's head (or a given revision of main) with its own ref. */
export async function openProposal(options: {
  access: TProjectAccess<"proposal.open">;
  input: TOpenProposal;
}) {
  const { projectId, userId } = options.access;
  const prisma = getPrisma();
  const base = options.input.baseRevision ?? (await readRef(prisma, projectId, MAIN_REF));
  if (!base) throw badRequest("baseRevision: the project has no plan of record yet");
  if (!(await prisma.revision.findUnique({ where: { projectId_hash: { projectId, hash: base } } }))) {
    throw badRequest(`baseRevision: no revision ${base.slice(0, 12)} in this project`);
  }
  // Only from main's history: a base on another proposal's unmerged head would carry that proposal's
  // changes into main without them ever appearing in this proposal's diff.
  const main = await readRef(prisma, projectId, MAIN_REF);
  if (!main) throw badRequest("the project has no plan of record");
  if ((await mergeBase(prisma, projectId, main, base)) !== base)
    throw badRequest(`baseRevision: ${base.slice(0, 12)} is not a revision of main`);
  // Numbers are allocated per project; a concurrent open takes the same number and the unique index makes one
  // of them retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const opened = await prisma.$transaction(async (tx) => {
        const last = await tx.proposal.findFirst({ where: { projectId }, orderBy: { number: "desc" } });
        const number = (last?.number ?? 0) + 1;
        const proposal = await tx.proposal.create({
          data: {
            projectId,
            number,
            title: options.input.title,
            body: options.input.body,
            authorId: userId,
            baseRevision: base,
            headRef: proposalRef(number),
          },
        });
        await compareAndSwapRef(tx, { projectId, name: proposal.headRef, expected: null, next: base });
        await recordAuditEvent(tx, {
          actorId: userId,
          projectId,
          action: "proposal.open",
          target: `#${number}`,
        });
        return proposal;
      });
      await queueChecks({ proposalId: opened.id, userId });
      return opened;
    } catch (error) {
      const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!duplicate || attempt >= 5) throw error;
    }
  }
}
