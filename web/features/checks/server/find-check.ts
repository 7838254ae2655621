import "server-only";
import { getPrisma, type Role } from "@forge/db";
import { forbidden, notFound } from "@/lib/errors";
import { hasRole } from "@/features/projects/roles";
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

/** findCheck for the proposal's author or a maintainer (403 for anyone else), with the caller's user row. */
export async function findCheckToManage(options: { slug: string; userId: string | null; checkId: string }) {
  const { access, check } = await findCheck({ ...options, needed: "CONTRIBUTOR" });
  if (check.proposal.authorId !== access.userId && !hasRole(access.role, "MAINTAINER"))
    throw forbidden("MAINTAINER (or be the author)");
  const user = await getPrisma().user.findUniqueOrThrow({ where: { id: access.userId! } });
  return { access, check, user };
}
