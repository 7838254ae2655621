import "server-only";
import { getPrisma } from "@forge/db";
import { requireProjectRole } from "./require-project-role";

export async function getProject(options: { slug: string; userId: string | null }) {
  const access = await requireProjectRole({ ...options, needed: null });
  const project = await getPrisma().project.findUniqueOrThrow({
    where: { id: access.projectId },
    include: {
      memberships: {
        include: { user: { select: { handle: true, name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  return { project, role: access.role };
}
