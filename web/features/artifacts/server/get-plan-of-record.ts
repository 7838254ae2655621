import "server-only";
import { MAIN_REF, getPrisma, readRef, readRevision } from "@forge/db";
import { ZArchitecture, deriveArchitecture } from "@forge/spec";
import { notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** main's documents, with the architecture's derived figures computed without running anything. */
export async function getPlanOfRecord(options: { access: TProjectAccess; revision?: string }) {
  const { projectId } = options.access;
  const prisma = getPrisma();
  const hash = options.revision ?? (await readRef(prisma, projectId, MAIN_REF));
  if (!hash) return null;
  const read = await readRevision(prisma, projectId, hash);
  if (!read) throw notFound(`Revision '${hash}'`);
  const architecture = ZArchitecture.safeParse(read.docs["architecture.yaml"]);
  return {
    revision: { hash, message: read.revision.message, createdAt: read.revision.createdAt.toISOString() },
    docs: read.docs,
    derived: architecture.success ? deriveArchitecture(architecture.data) : null,
  };
}
