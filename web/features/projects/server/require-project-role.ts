import "server-only";
import { getPrisma, type Role } from "@forge/db";
import { forbidden, notFound, unauthorized } from "@/lib/errors";
import { hasRole } from "../roles";

export type TProjectAccess = { projectId: string; slug: string; userId: string | null; role: Role | null };

/**
 * Resolves a project by slug and the caller's role in it; throws 401/403/404 when the caller may not act.
 * Public projects are readable by anyone (needed: null); every mutation names the role it needs.
 */
export async function requireProjectRole(options: {
  slug: string;
  userId: string | null;
  needed: Role | null;
}): Promise<TProjectAccess> {
  const prisma = getPrisma();
  const project = await prisma.project.findUnique({ where: { slug: options.slug } });
  if (!project) throw notFound(`Project '${options.slug}'`);
  const membership = options.userId
    ? await prisma.membership.findUnique({
        where: { projectId_userId: { projectId: project.id, userId: options.userId } },
      })
    : null;
  const role = membership?.role ?? null;
  if (project.visibility === "PRIVATE" && !role) throw notFound(`Project '${options.slug}'`);
  if (options.needed) {
    if (!options.userId) throw unauthorized();
    if (!hasRole(role, options.needed)) throw forbidden(options.needed);
  }
  return { projectId: project.id, slug: project.slug, userId: options.userId, role };
}
