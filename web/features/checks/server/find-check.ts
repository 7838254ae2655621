import "server-only";
import { getPrisma, type Role } from "@forge/db";
import { notFound } from "@/lib/errors";
import { requireProjectRole } from "@/features/projects/server/require-project-role";

/** Resolves project access and a check of one of its proposals; 404 when either is missing. */
export async function findCheck(options: {
  slug: string;
  userId: string | null;
  checkId: string;
  needed: Role | null;
}) {
  const access = await requireProjectRole(options);
  const check = await getPrisma().check.findFirst({
    where: { id: options.checkId, proposal: { projectId: access.projectId } },
    include: { proposal: true },
  });
  if (!check) throw notFound(`Check ${options.checkId}`);
  return { access, check };
}
