import "server-only";
import { MAIN_REF, getPrisma, readRef } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/** Every revision reachable from main, newest first, with its author and proposal. */
export async function listHistory({ access }: { access: TProjectAccess }) {
  const { projectId } = access;
  const prisma = getPrisma();
  const head = await readRef(prisma, projectId, MAIN_REF);
  if (!head) return [];
  const revisions = await prisma.revision.findMany({
    where: { projectId },
    select: {
      hash: true,
      parents: true,
      message: true,
      createdAt: true,
      author: { select: { handle: true } },
      proposal: { select: { number: true, title: true } },
    },
  });
  const byHash = new Map(revisions.map((r) => [r.hash, r]));
  const reachable: typeof revisions = [];
  const seen = new Set<string>();
  let stack = [head];
  for (let hash = stack.pop(); hash !== undefined; hash = stack.pop()) {
    const revision = byHash.get(hash);
    if (!revision || seen.has(hash)) continue;
    seen.add(hash);
    reachable.push(revision);
    stack = stack.concat(revision.parents);
  }
  return reachable
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((r) => ({
      hash: r.hash,
      parents: r.parents,
      message: r.message,
      author: r.author?.handle ?? "forge",
      createdAt: r.createdAt.toISOString(),
      proposal: r.proposal,
    }));
}
