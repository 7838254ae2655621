import { z } from "zod";
import { ZCreateProject, ZSetMemberRole, ZUpdateProject } from "@/features/projects/schemas";
import { ZAddComment, ZCommitChanges, ZOpenProposal, ZSubmitReview } from "@/features/proposals/schemas";

type TOperation = {
  method: "get" | "post" | "patch" | "put";
  path: string;
  summary: string;
  role: string;
  body?: z.ZodType;
};

/**
 * Every JSON endpoint the UI uses. Request bodies are the same zod schemas the handlers parse, so this document
 * cannot drift from what the server accepts.
 */
export const OPERATIONS: TOperation[] = [
  { method: "get", path: "/api/projects", summary: "List visible projects", role: "anyone" },
  {
    method: "post",
    path: "/api/projects",
    summary: "Create a project (caller becomes ADMIN)",
    role: "signed in",
    body: ZCreateProject,
  },
  {
    method: "get",
    path: "/api/projects/{slug}",
    summary: "Project with members and the caller's role",
    role: "anyone (members for private)",
  },
  {
    method: "patch",
    path: "/api/projects/{slug}",
    summary: "Rename, describe; budget needs ADMIN",
    role: "MAINTAINER",
    body: ZUpdateProject,
  },
  {
    method: "put",
    path: "/api/projects/{slug}/members",
    summary: "Set or remove a member's role",
    role: "ADMIN",
    body: ZSetMemberRole,
  },
  {
    method: "get",
    path: "/api/projects/{slug}/revisions/{hash}",
    summary: "A revision's artifacts and derived figures ('main' for the plan of record)",
    role: "anyone",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/history",
    summary: "Revisions reachable from main with author and proposal",
    role: "anyone",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/compare?from={hash}&to={hash}",
    summary: "Typed diff between two revisions",
    role: "anyone",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/proposals",
    summary: "List proposals (?state=OPEN|MERGED|CLOSED)",
    role: "anyone",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals",
    summary: "Open a proposal from main (or baseRevision)",
    role: "CONTRIBUTOR",
    body: ZOpenProposal,
  },
  {
    method: "get",
    path: "/api/projects/{slug}/proposals/{number}",
    summary: "Proposal, typed diff, thread, reviews, checks, merge readiness",
    role: "anyone",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/commits",
    summary: "Edit artifacts (YAML or JSON text) by compare-and-swap from expectedHead",
    role: "author or MAINTAINER",
    body: ZCommitChanges,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/comments",
    summary: "Comment (markdown, sanitised), optionally anchored or as a reply",
    role: "CONTRIBUTOR",
    body: ZAddComment,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/reviews",
    summary: "Approve / request changes (MAINTAINER) or comment",
    role: "CONTRIBUTOR",
    body: ZSubmitReview,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/merge",
    summary: "Merge into main (fast-forward or three-way)",
    role: "MAINTAINER",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/close",
    summary: "Close without merging",
    role: "author or MAINTAINER",
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create a personal API token (shown once)",
    role: "signed in",
    body: z.object({ name: z.string() }),
  },
  {
    method: "get",
    path: "/api/workers",
    summary: "Workers, adapters, heartbeats and queue depths",
    role: "anyone",
  },
];

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const [path] = op.path.split("?");
    paths[path!] ??= {};
    paths[path!]![op.method] = {
      summary: op.summary,
      description: `Role: ${op.role}. Errors are JSON { error, details? } with 400 (the message names the field), 401, 403, 404, 409 (a ref moved or a merge conflict) or 413.`,
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: z.toJSONSchema(op.body, { io: "input" }) } },
            },
          }
        : {}),
      responses: { "200": { description: "OK (JSON)" } },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Forge API",
      version: "1",
      description:
        "Everything the UI does. Authenticate with the next-auth session cookie, or with a personal token: `Authorization: Bearer forge_...` (POST /api/tokens).",
    },
    paths,
  };
}
