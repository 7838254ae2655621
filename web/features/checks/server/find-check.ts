import "server-only";
import { getPrisma } from "@forge/db";
import { notFound } from "@/lib/errors";
import { requireMay, type TProjectAccess } from "@/features/projects/server/authorize-project";

/** A check of one of the project's proposals; 404 when there is none. */
export async function findCheck(options: { access: TProjectAccess; checkId: string }) {
  const check = await getPrisma().check.findFirst({
    where: { id: options.checkId, proposal: { projectId: options.access.projectId } },
    include: { proposal: true },
  });
  if (!check) throw notFound(`Check ${options.checkId}`);
  return check;
}

/** findCheck for cancelling, which the proposal's author may do with a lower role than anyone else. */
export async function findCheckToCancel(options: {
  access: TProjectAccess<"check.cancel">;
  checkId: string;
}) {
  const check = await findCheck(options);
  requireMay(options.access, "check.cancel", { authorId: check.proposal.authorId });
  return check;
}
