import { z } from "zod";
import { ZCreateProject, ZSetMemberRole, ZUpdateProject } from "@/features/projects/schemas";
import { ZAddComment, ZCommitChanges, ZOpenProposal, ZSubmitReview } from "@/features/proposals/schemas";
import { ZRerunChecks } from "@/features/checks/schemas";
import { ZCreateApiToken } from "@/features/auth/schemas";
import { PERMISSIONS, describePermission, type TAction } from "@/features/projects/permissions";

type TOperation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  /** The action its route declares; who may take it is the permission table's (describePermission). */
  action: TAction;
  body?: z.ZodType;
};

/**
 * Every JSON endpoint the UI uses. Request bodies are the same zod schemas the handlers parse, so this document
 * cannot drift from what the server accepts.
 */
export const OPERATIONS: TOperation[] = [
  { method: "get", path: "/api/projects", summary: "List visible projects", action: "site.read" },
  {
    method: "post",
    path: "/api/projects",
    summary: "Create a project (caller becomes ADMIN)",
    action: "project.create",
    body: ZCreateProject,
  },
  {
    method: "get",
    path: "/api/projects/{slug}",
    summary: "Project with members and the caller's role",
    action: "project.read",
  },
  {
    method: "patch",
    path: "/api/projects/{slug}",
    summary: `Rename, describe; the budget and automatic checks need ${PERMISSIONS["project.budget"].needs}`,
    action: "project.update",
    body: ZUpdateProject,
  },
  {
    method: "put",
    path: "/api/projects/{slug}/members",
    summary: "Set or remove a member's role",
    action: "members.manage",
    body: ZSetMemberRole,
  },
  {
    method: "get",
    path: "/api/projects/{slug}/revisions/{hash}",
    summary: "A revision's artifacts and derived figures ('main' for the plan of record)",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/history",
    summary: "Revisions reachable from main with author and proposal",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/compare?from={hash}&to={hash}",
    summary: "Typed diff between two revisions",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/proposals",
    summary: "List proposals (?state=OPEN|MERGED|CLOSED)",
    action: "project.read",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals",
    summary: "Open a proposal from main (or baseRevision)",
    action: "proposal.open",
    body: ZOpenProposal,
  },
  {
    method: "get",
    path: "/api/projects/{slug}/proposals/{number}",
    summary: "Proposal, typed diff, thread, reviews, checks, merge readiness",
    action: "project.read",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/commits",
    summary: "Edit artifacts (YAML or JSON text) by compare-and-swap from expectedHead",
    action: "proposal.commit",
    body: ZCommitChanges,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/comments",
    summary: "Comment (markdown, sanitised), optionally anchored or as a reply",
    action: "proposal.comment",
    body: ZAddComment,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/reviews",
    summary: `Comment, or approve / request changes (${describePermission("proposal.approve")})`,
    action: "proposal.review",
    body: ZSubmitReview,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/merge",
    summary: "Merge into main (fast-forward or three-way)",
    action: "proposal.merge",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/proposals/{number}/close",
    summary: "Close without merging",
    action: "proposal.close",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/checks?proposal={number}",
    summary: "A proposal's checks with runs, live progress, ETA and results",
    action: "project.read",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/checks",
    summary:
      "Re-run a proposal's check (the GPU-seconds estimate is recorded; over the per-user budget it waits for approval)",
    action: "check.rerun",
    body: ZRerunChecks,
  },
  {
    method: "post",
    path: "/api/projects/{slug}/checks/{checkId}/approve",
    summary: "Approve a check that waits because it is over the per-user GPU budget",
    action: "check.approve",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/checks/{checkId}/cancel",
    summary: "Cancel a check: queued runs are removed, running ones stop at their next step",
    action: "check.cancel",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/checks/{checkId}/runs/{runId}/cancel",
    summary: "Cancel one run: its seed is left out of the comparison, the other seeds carry on",
    action: "check.cancel",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/checks/{checkId}/curves.svg",
    summary: "Overlaid loss curves of every run of the check (image/svg+xml)",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/ledger?month={yyyy-mm}",
    summary: "GPU-seconds for a month by project, user and proposal",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/audit",
    summary: "The project's audit log (every mutation)",
    action: "audit.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/datasets",
    summary: "Datasets with their cards, state, statistics and finding counts",
    action: "project.read",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/datasets",
    summary:
      "Upload a dataset (multipart/form-data: name, license, description, file .jsonl/.txt/.parquet) and queue its ingest",
    action: "dataset.add",
  },
  {
    method: "post",
    path: "/api/projects/{slug}/datasets/audit-demo",
    summary: "Add the opt-in audit demo source (real PII; never in the default mix)",
    action: "dataset.add",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/datasets/rows?q={text}&kind={finding}&dataset={name}&minChars=&maxChars=&cursor=&limit=",
    summary: "Data browser: a page of rows (keyset cursor), full-text search and filters",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/datasets/{name}",
    summary: "One dataset: card, ingest/audit progress, statistics, findings per kind",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/datasets/{name}/rows/{ordinal}",
    summary: "One row with its provenance and highlighted finding spans",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/projects/{slug}/datasets/{name}/report?format={json|csv}",
    summary: "The audit report as a JSON or CSV download",
    action: "project.read",
  },
  {
    method: "get",
    path: "/api/health",
    summary: "Liveness probe",
    action: "site.read",
  },
  {
    method: "get",
    path: "/api/tokens",
    summary: "Your personal API tokens: names, creation, last use and expiry (never the secrets)",
    action: "tokens.manage",
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create a personal API token (shown once), valid for expiresInDays (default 90, at most 365)",
    action: "tokens.manage",
    body: ZCreateApiToken,
  },
  {
    method: "delete",
    path: "/api/tokens/{tokenId}",
    summary: "Revoke one of your personal API tokens at once",
    action: "tokens.manage",
  },
  {
    method: "get",
    path: "/api/workers",
    summary:
      "Workers, adapters, heartbeats, queue depths and failed jobs (a private project's runs and job errors only for its members)",
    action: "site.read",
  },
];

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const path = op.path.replace(/\?.*$/s, "");
    (paths[path] ??= {})[op.method] = {
      summary: op.summary,
      description: `Role: ${describePermission(op.action)}. Errors are JSON { error, details? } with 400 (the message names the field), 401, 403, 404, 409 (a ref moved or a merge conflict) or 413.`,
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
