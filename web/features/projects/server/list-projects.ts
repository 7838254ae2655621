import "server-only";
import { getPrisma, type Prisma } from "@forge/db";

/** The projects a user may see: every public one and the private ones they are a member of. */
const visibleTo = (userId: string | null): Prisma.ProjectWhereInput => ({
  OR: [{ visibility: "PUBLIC" }, ...(userId ? [{ memberships: { some: { userId } } }] : [])],
});

/** Ids of the projects the user may see. */
export async function visibleProjectIds(userId: string | null): Promise<Set<string>> {
  const projects = await getPrisma().project.findMany({ where: visibleTo(userId), select: { id: true } });
  return new Set(projects.map((p) => p.id));
}

/** Public projects plus the private ones the user belongs to. */
export function listProjects(options: { userId: string | null }) {
  return getPrisma().project.findMany({
    where: visibleTo(options.userId),
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
