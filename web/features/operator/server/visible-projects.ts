import "server-only";
import { getPrisma } from "@forge/db";

/** Ids of the projects the caller may see: every public one and the private ones they are a member of. */
export async function visibleProjectIds(userId: string | null): Promise<Set<string>> {
  const projects = await getPrisma().project.findMany({
    where: {
      OR: [{ visibility: "PUBLIC" }, ...(userId ? [{ memberships: { some: { userId } } }] : [])],
    },
    select: { id: true },
  });
  return new Set(projects.map((p) => p.id));
}
