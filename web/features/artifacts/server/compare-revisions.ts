import "server-only";
import { getPrisma, readRevision } from "@forge/db";
import { diffRevisions } from "@forge/spec";
import { notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** The typed diff between any two revisions of a project. */
export async function compareRevisions(options: { access: TProjectAccess; from: string; to: string }) {
  const { projectId } = options.access;
  const prisma = getPrisma();
  const [from, to] = await Promise.all([
    readRevision(prisma, projectId, options.from),
    readRevision(prisma, projectId, options.to),
  ]);
  if (!from) throw notFound(`Revision '${options.from}'`);
  if (!to) throw notFound(`Revision '${options.to}'`);
  return {
    from: options.from,
    to: options.to,
    diff: diffRevisions(from.docs, to.docs),
    fromDocs: from.docs,
    toDocs: to.docs,
  };
}
