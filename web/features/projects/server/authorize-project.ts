import "server-only";
import { getPrisma, type Role } from "@forge/db";
import { forbidden, notFound, unauthorized } from "@/lib/errors";
import { may, permissionOf, type TCallerId, type TProjectAction } from "../permissions";

type TProjectAccesses = {
  [A in TProjectAction]: { action: A; projectId: string; slug: string } & (TCallerId<A> extends string
    ? { userId: string; handle: string; role: Role }
    : { userId: string | null; role: Role | null });
};
/**
 * What a project action's handler knows about its caller, checked against the permission table for `action`.
 * Once the action needs a role, the caller is a signed-in member: `userId`, `handle` and `role` are set.
 * Without `A`: the access of any action, which at least lets the caller read the project.
 */
export type TProjectAccess<A extends TProjectAction = TProjectAction> = TProjectAccesses[A];

/**
 * Resolves a project by slug and the caller's role in it, and checks what the permission table says the
 * action needs (of an author, where the author needs less: the server function then checks authorship with
 * requireMay). A private project is "not found" (404) for everyone but its members; then 401 for an anonymous
 * caller and 403 for a role too low.
 */
export async function authorizeProject<A extends TProjectAction>(options: {
  slug: string;
  userId: string | null;
  action: A;
}): Promise<TProjectAccess<A>> {
  const prisma = getPrisma();
  const project = await prisma.project.findUnique({ where: { slug: options.slug } });
  if (!project) throw notFound(`Project '${options.slug}'`);
  const membership = options.userId
    ? await prisma.membership.findUnique({
        where: { projectId_userId: { projectId: project.id, userId: options.userId } },
        include: { user: { select: { handle: true } } },
      })
    : null;
  if (project.visibility === "PRIVATE" && !membership) throw notFound(`Project '${options.slug}'`);
  const access = {
    action: options.action,
    projectId: project.id,
    slug: project.slug,
    userId: options.userId,
    role: membership?.role ?? null,
    handle: membership?.user.handle,
  };
  if (grants(access, options.action)) return access;
  const { needs, authorNeeds } = permissionOf(options.action);
  if (!options.userId) throw unauthorized();
  throw forbidden(authorNeeds ?? needs);
}

type TResolvedAccess = {
  action: TProjectAction;
  projectId: string;
  slug: string;
  userId: string | null;
  role: Role | null;
  handle?: string;
};

/**
 * Whether the access lets its caller take the action (as its author, where the author needs less); what the
 * action's handler may then rely on (a role means a membership, which comes with the member's handle).
 */
function grants<A extends TProjectAction>(access: TResolvedAccess, action: A): access is TProjectAccess<A> {
  return may(action, { ...access, isAuthor: true });
}

/**
 * What only the server function can check, on an access already resolved: whether the caller wrote the
 * proposal acted on (`authorId`: an author needs less for some actions), or a second action that the input
 * asks for (a budget change, an approval). The role needed comes from the permission table.
 */
export function requireMay(
  access: TProjectAccess,
  action: TProjectAction,
  options: { authorId?: string } = {},
) {
  const isAuthor = options.authorId !== undefined && options.authorId === access.userId;
  if (may(action, { userId: access.userId, role: access.role, isAuthor })) return;
  if (!access.userId) throw unauthorized();
  const { needs, authorNeeds } = permissionOf(action);
  throw forbidden(authorNeeds ? `${needs} (or be the author)` : needs);
}
