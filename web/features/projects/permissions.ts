import type { Role } from "@forge/db";

/** Project roles, lowest first: each may do everything the roles before it may. */
const ROLES: readonly Role[] = ["VIEWER", "CONTRIBUTOR", "MAINTAINER", "ADMIN"];

const hasRole = (role: Role | null, needed: Role) =>
  role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);

/**
 * ANYONE: no sign-in needed (inside a project: anyone who can see it, which for a private project means its
 * members; everyone else is told it does not exist). SIGNED_IN: any signed-in user. A role: a member of the
 * project with that role or a higher one.
 */
type TNeed = "ANYONE" | "SIGNED_IN" | Role;

type TPermission = {
  /** "project": the action happens inside one project (/api/projects/{slug}/...), on its memberships. */
  scope: "site" | "project";
  needs: TNeed;
  /** What the author of the proposal acted on (or of its check) needs instead of `needs`. */
  authorNeeds?: Role;
  /** A rule the server function checks beyond the role, for the API documentation. */
  also?: string;
};

/**
 * Who may do what: the one table behind every server check (each route declares its action: apiRoute,
 * projectRoute), the pages' buttons (may) and the roles in the API documentation (describePermission).
 */
export const PERMISSIONS = {
  "site.read": { scope: "site", needs: "ANYONE" },
  "auth.sign-in": { scope: "site", needs: "ANYONE" },
  "project.create": { scope: "site", needs: "SIGNED_IN" },
  "tokens.manage": { scope: "site", needs: "SIGNED_IN", also: "your own tokens only" },
  "project.read": { scope: "project", needs: "ANYONE" },
  "project.update": { scope: "project", needs: "MAINTAINER" },
  /** The GPU budget and automatic checks: what the project may spend. */
  "project.budget": { scope: "project", needs: "ADMIN" },
  "members.manage": { scope: "project", needs: "ADMIN" },
  "audit.read": { scope: "project", needs: "MAINTAINER" },
  "proposal.open": { scope: "project", needs: "CONTRIBUTOR" },
  "proposal.commit": { scope: "project", needs: "MAINTAINER", authorNeeds: "CONTRIBUTOR" },
  "proposal.close": { scope: "project", needs: "MAINTAINER", authorNeeds: "CONTRIBUTOR" },
  "proposal.comment": { scope: "project", needs: "CONTRIBUTOR" },
  /** A review that comments; approving or requesting changes is proposal.approve. */
  "proposal.review": { scope: "project", needs: "CONTRIBUTOR" },
  "proposal.approve": { scope: "project", needs: "MAINTAINER", also: "authors cannot approve their own" },
  "proposal.merge": { scope: "project", needs: "MAINTAINER" },
  "check.rerun": { scope: "project", needs: "MAINTAINER", authorNeeds: "CONTRIBUTOR" },
  /** Cancelling a check or one of its runs. */
  "check.cancel": { scope: "project", needs: "MAINTAINER", authorNeeds: "CONTRIBUTOR" },
  /** Letting a check over the author's monthly GPU budget run. */
  "check.approve": { scope: "project", needs: "MAINTAINER" },
  /** Uploading a dataset or adding the audit demo source. */
  "dataset.add": { scope: "project", needs: "MAINTAINER" },
} as const satisfies Record<string, TPermission>;

type TPermissions = typeof PERMISSIONS;
export type TAction = keyof TPermissions;
export type TProjectAction = {
  [A in TAction]: TPermissions[A]["scope"] extends "project" ? A : never;
}[TAction];
export type TSiteAction = Exclude<TAction, TProjectAction>;

type TCallerIds = { [A in TAction]: TPermissions[A]["needs"] extends "ANYONE" ? string | null : string };
/** The caller's user id as the handler of an action sees it: never null once the action needs a sign-in. */
export type TCallerId<A extends TAction> = TCallerIds[A];

export const permissionOf = (action: TAction): TPermission => PERMISSIONS[action];

/**
 * Whether a caller may take an action. `isAuthor`: the caller wrote the proposal acted on (the pages know it
 * from the proposal they show, the server functions from the row they act on).
 */
export function may(
  action: TAction,
  caller: { userId: string | null; role: Role | null; isAuthor?: boolean },
) {
  const { needs, authorNeeds } = permissionOf(action);
  const need = caller.isAuthor && authorNeeds ? authorNeeds : needs;
  if (need === "ANYONE") return true;
  if (need === "SIGNED_IN") return caller.userId !== null;
  return caller.userId !== null && hasRole(caller.role, need);
}

/** Who may, as the API documentation says it: "author (CONTRIBUTOR) or MAINTAINER". */
export function describePermission(action: TAction): string {
  const { scope, needs, authorNeeds, also } = permissionOf(action);
  const anyone = scope === "project" ? "anyone (members for private)" : "anyone";
  const who = needs === "ANYONE" ? anyone : needs === "SIGNED_IN" ? "signed in" : needs;
  const withAuthor = authorNeeds ? `author (${authorNeeds}) or ${who}` : who;
  return also ? `${withAuthor}; ${also}` : withAuthor;
}
