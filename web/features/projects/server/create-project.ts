import "server-only";
import { MAIN_REF, Prisma, compareAndSwapRef, formatSpecError, getPrisma, writeRevision } from "@forge/db";
import { parseArtifact } from "@forge/spec";
import { badRequest, conflict } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import { newTreeErrors } from "@/features/artifacts/server/new-tree-errors";
import type { TCreateProject } from "../schemas";

/**
 * Any signed-in user may create a project and becomes its ADMIN. Artifacts given here become the first
 * revision of main; all are validated before anything is written.
 */
export async function createProject(options: { userId: string; input: TCreateProject }) {
  const { userId, input } = options;
  const docs: Record<string, unknown> = {};
  for (const artifact of input.artifacts) {
    const parsed = parseArtifact(artifact.path, artifact.content);
    if (!parsed.ok) {
      const errors = parsed.errors.map((e) => ({ ...e, artifact: artifact.path }));
      const [first] = errors;
      throw badRequest(first ? formatSpecError(first) : `${artifact.path}: invalid`, errors);
    }
    docs[artifact.path] = parsed.doc;
  }
  // The first plan of record keeps the rules across artifacts too (every mix source has its card, ...).
  const [invalid] = newTreeErrors({}, docs);
  if (invalid) throw badRequest(formatSpecError(invalid), [invalid]);
  const prisma = getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const { artifacts: _artifacts, ...fields } = input;
  const slugTaken = () => conflict(`slug: a project named '${input.slug}' already exists`);
  return prisma
    .$transaction(async (tx) => {
      if (await tx.project.findUnique({ where: { slug: input.slug } })) throw slugTaken();
      const project = await tx.project.create({
        data: { ...fields, memberships: { create: { userId, role: "ADMIN" } } },
      });
      if (Object.keys(docs).length > 0) {
        const root = await writeRevision(tx, {
          projectId: project.id,
          parents: [],
          docs,
          authorId: userId,
          authorName: user.handle,
          message: "Initial plan of record",
        });
        await compareAndSwapRef(tx, { projectId: project.id, name: MAIN_REF, expected: null, next: root });
      }
      await recordAuditEvent(tx, {
        actorId: userId,
        projectId: project.id,
        action: "project.create",
        target: project.slug,
      });
      return project;
    })
    .catch((error: unknown) => {
      // Two creations racing for one slug: the unique index decides, the loser gets the same 409.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw slugTaken();
      throw error;
    });
}
