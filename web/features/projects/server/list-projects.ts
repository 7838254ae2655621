import "server-only";
import { getPrisma } from "@forge/db";

/** Public projects plus the private ones the user belongs to. */
export function listProjects(options: { userId: string | null }) {
  return getPrisma().project.findMany({
    where: {
      OR: [
        { visibility: "PUBLIC" },
        ...(options.userId ? [{ memberships: { some: { userId: options.userId } } }] : []),
      ],
    },
    orderBy: { createdAt: "asc" },
    select: {
      slug: true,
      name: true,
      description: true,
      visibility: true,
      _count: { select: { proposals: true, datasets: true, memberships: true } },
    },
  });
}
