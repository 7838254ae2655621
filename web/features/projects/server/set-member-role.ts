import "server-only";
import { getPrisma } from "@forge/db";
import { badRequest, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TSetMemberRole } from "../schemas";
import type { TProjectAccess } from "./authorize-project";

export async function setMemberRole(options: {
  access: TProjectAccess<"members.manage">;
  input: TSetMemberRole;
}) {
  const { projectId, userId } = options.access;
  const prisma = getPrisma();
  const member = await prisma.user.findUnique({ where: { handle: options.input.handle } });
  if (!member) throw notFound(`User '${options.input.handle}'`);
  return prisma.$transaction(async (tx) => {
    // Role changes of one project take turns: two admins demoting each other at once must not both see the
    // other still an ADMIN and leave the project with none.
    await tx.$executeRaw`SELECT 1 FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
    const key = { projectId_userId: { projectId, userId: member.id } };
    if (options.input.role === null) {
      await tx.membership.deleteMany({ where: { projectId, userId: member.id } });
    } else {
      await tx.membership.upsert({
        where: key,
        create: { projectId, userId: member.id, role: options.input.role },
        update: { role: options.input.role },
      });
    }
    const admins = await tx.membership.count({ where: { projectId, role: "ADMIN" } });
    if (admins === 0) throw badRequest("role: a project must keep at least one ADMIN");
    await recordAuditEvent(tx, {
      actorId: userId,
      projectId,
      action: "member.role",
      target: member.handle,
      detail: { role: options.input.role },
    });
    return { handle: member.handle, role: options.input.role };
  });
}
