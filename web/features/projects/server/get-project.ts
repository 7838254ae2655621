import "server-only";
import { getPrisma } from "@forge/db";
import type { TProjectAccess } from "./authorize-project";

export async function getProject({ access }: { access: TProjectAccess }) {
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
