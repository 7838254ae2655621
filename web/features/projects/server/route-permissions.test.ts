// Every route under app/api declares its action in the permission table, and answers every kind of caller as
// that table says: anonymous, a signed-in non-member, each role, and the author of the proposal acted on, on a
// public and on a private project. The route handlers are called directly, against real PostgreSQL.
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getPrisma, readRef, type Role } from "@forge/db";
import { closeQueues } from "@forge/core/queue";
import type { TRoute } from "@/lib/api";
import { OPERATIONS } from "@/features/api-docs/openapi";
import { createApiToken } from "@/features/auth/server/api-tokens";
import { commitToProposal } from "@/features/proposals/server/commit-to-proposal";
import { openProposal } from "@/features/proposals/server/open-proposal";
import { PLAN, asCaller, createProjectWithPlan, createUser } from "@/test/factories";
import { PERMISSIONS, describePermission, permissionOf } from "../permissions";
import { datasetCard } from "@forge/core/datasets/json-columns";

// The routes resolve their caller through lib/auth (a session cookie or a bearer token): here, whoever the
// test says is signed in.
const signedIn = vi.hoisted((): { userId: string | null } => ({ userId: null }));
vi.mock(import("@/lib/auth"), async (importOriginal) => ({
  ...(await importOriginal()),
  currentUserId: async () => signedIn.userId,
}));

const prisma = getPrisma();
afterAll(async () => {
  await closeQueues();
  await prisma.$disconnect();
});

const apiDir = path.resolve(import.meta.dirname, "../../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route file's exported methods, as "POST /api/projects/{slug}/proposals/{number}/merge". */
async function findRoutes(dir = apiDir): Promise<Map<string, unknown>> {
  const routes = new Map<string, unknown>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [key, route] of await findRoutes(full)) routes.set(key, route);
    if (entry.name !== "route.ts") continue;
    const routePath = path
      .relative(apiDir, dir)
      .split(path.sep)
      .map((part) => part.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
      .join("/");
    const exported: Record<string, unknown> = await import(full);
    for (const method of METHODS)
      if (method in exported) routes.set(`${method} /api/${routePath}`, exported[method]);
  }
  return routes;
}

const isDeclared = (route: unknown): route is TRoute =>
  typeof route === "function" &&
  "action" in route &&
  typeof route.action === "string" &&
  route.action in PERMISSIONS;

/**
 * Who may call what, written out on purpose: a change to the permission table or to the action a route
 * declares must be made here too.
 */
const POLICY: Record<string, string> = {
  "GET /api/auth/{nextauth}": "anyone",
  "POST /api/auth/{nextauth}": "anyone",
  "GET /api/health": "anyone",
  "GET /api/openapi.json": "anyone",
  "GET /api/workers": "anyone",
  "GET /api/projects": "anyone",
  "POST /api/projects": "signed in",
  "GET /api/tokens": "signed in; your own tokens only",
  "POST /api/tokens": "signed in; your own tokens only",
  "DELETE /api/tokens/{tokenId}": "signed in; your own tokens only",
  "GET /api/projects/{slug}": "anyone (members for private)",
  "PATCH /api/projects/{slug}": "MAINTAINER",
  "PUT /api/projects/{slug}/members": "ADMIN",
  "GET /api/projects/{slug}/audit": "MAINTAINER",
  "GET /api/projects/{slug}/history": "anyone (members for private)",
  "GET /api/projects/{slug}/compare": "anyone (members for private)",
  "GET /api/projects/{slug}/revisions/{hash}": "anyone (members for private)",
  "GET /api/projects/{slug}/ledger": "anyone (members for private)",
  "GET /api/projects/{slug}/proposals": "anyone (members for private)",
  "POST /api/projects/{slug}/proposals": "CONTRIBUTOR",
  "GET /api/projects/{slug}/proposals/{number}": "anyone (members for private)",
  "POST /api/projects/{slug}/proposals/{number}/commits": "author (CONTRIBUTOR) or MAINTAINER",
  "POST /api/projects/{slug}/proposals/{number}/comments": "CONTRIBUTOR",
  "POST /api/projects/{slug}/proposals/{number}/reviews": "CONTRIBUTOR",
  "POST /api/projects/{slug}/proposals/{number}/merge": "MAINTAINER",
  "POST /api/projects/{slug}/proposals/{number}/close": "author (CONTRIBUTOR) or MAINTAINER",
  "GET /api/projects/{slug}/checks": "anyone (members for private)",
  "POST /api/projects/{slug}/checks": "author (CONTRIBUTOR) or MAINTAINER",
  "POST /api/projects/{slug}/checks/{checkId}/approve": "MAINTAINER",
  "POST /api/projects/{slug}/checks/{checkId}/cancel": "author (CONTRIBUTOR) or MAINTAINER",
  "POST /api/projects/{slug}/checks/{checkId}/runs/{runId}/cancel": "author (CONTRIBUTOR) or MAINTAINER",
  "GET /api/projects/{slug}/checks/{checkId}/curves.svg": "anyone (members for private)",
  "GET /api/projects/{slug}/datasets": "anyone (members for private)",
  "POST /api/projects/{slug}/datasets": "MAINTAINER",
  "POST /api/projects/{slug}/datasets/audit-demo": "MAINTAINER",
  "GET /api/projects/{slug}/datasets/rows": "anyone (members for private)",
  "GET /api/projects/{slug}/datasets/{name}": "anyone (members for private)",
  "GET /api/projects/{slug}/datasets/{name}/rows/{ordinal}": "anyone (members for private)",
  "GET /api/projects/{slug}/datasets/{name}/report": "anyone (members for private)",
};

type TCaller = {
  name: string;
  userId: string | null;
  role: Role | null;
  /** The author of the proposal (and so of the check) the routes act on. */
  isAuthor: boolean;
  tokenId: string | null;
};

/** The project every project route acts on: proposal #1 by the author, its check and runs, one dataset. */
type TFixture = Awaited<ReturnType<typeof createFixture>>;

async function createFixture(visibility: "PUBLIC" | "PRIVATE") {
  const { project, members, root } = await createProjectWithPlan({ budget: 1e9 });
  await prisma.project.update({ where: { id: project.id }, data: { visibility } });
  const contributor = await createUser("contributor");
  await prisma.membership.create({
    data: { projectId: project.id, userId: contributor.id, role: "CONTRIBUTOR" },
  });
  const author = members.CONTRIBUTOR;
  const proposal = await asCaller(project.slug, author.id, "proposal.open", (access) =>
    openProposal({ access, input: { title: "wider", body: "" } }),
  );
  const architecture = { ...PLAN["architecture.yaml"], d_model: 48 };
  await asCaller(project.slug, author.id, "proposal.commit", (access) =>
    commitToProposal({
      access,
      number: proposal.number,
      input: {
        expectedHead: root,
        message: "wider",
        changes: [{ path: "architecture.yaml", content: JSON.stringify(architecture) }],
      },
    }),
  );
  const check = await prisma.check.findFirstOrThrow({
    where: { proposalId: proposal.id },
    include: { runs: true },
  });
  const dataset = await prisma.dataset.create({
    data: {
      projectId: project.id,
      name: "notes",
      state: "READY",
      card: datasetCard.write({
        name: "notes",
        description: "One row, for the permission probes.",
        license: "CC0-1.0",
        provenance: {
          package: "notes",
          version: "1.0.0",
          registry: "upload",
          files: ["notes.jsonl"],
          extraction: "jsonl",
        },
        counts: { documents: 1, bytes: 7, tokens: 0 },
        shards: [],
      }),
    },
  });
  await prisma.dataRow.create({
    data: {
      datasetId: dataset.id,
      ordinal: 0,
      docId: "notes.jsonl:1",
      shardKey: "s0",
      text: "a whale",
      chars: 7,
    },
  });
  // Each signed-in caller revokes a token of their own.
  const caller = async (name: string, userId: string | null, role: Role | null, isAuthor = false) => ({
    name,
    userId,
    role,
    isAuthor,
    tokenId: userId && (await createApiToken({ userId, input: { name: "cli", expiresInDays: 1 } })).id,
  });
  const callers: TCaller[] = [
    await caller("anonymous", null, null),
    await caller("non-member", (await createUser("outsider")).id, null),
    await caller("viewer", members.VIEWER.id, "VIEWER"),
    await caller("contributor (not the author)", contributor.id, "CONTRIBUTOR"),
    await caller("author", author.id, "CONTRIBUTOR", true),
    await caller("maintainer", members.MAINTAINER.id, "MAINTAINER"),
    await caller("admin", members.ADMIN.id, "ADMIN"),
  ];
  return {
    slug: project.slug,
    visibility,
    root,
    head: (await readRef(prisma, project.id, proposal.headRef)) ?? root,
    number: proposal.number,
    checkId: check.id,
    runId: check.runs[0]?.id ?? "norun0000",
    newcomer: (await createUser("newcomer")).handle,
    callers,
  };
}

type TRequest = { search?: Record<string, string>; body?: unknown; form?: FormData };

/** What each route is sent: a request the handler accepts, so that whoever may call it gets past the check. */
const REQUESTS: Record<string, (fixture: TFixture, caller: TCaller) => TRequest> = {
  "GET /api/health": () => ({}),
  "GET /api/openapi.json": () => ({}),
  "GET /api/workers": () => ({}),
  "GET /api/projects": () => ({}),
  "POST /api/projects": (_, caller) => ({
    body: { slug: `p-${caller.userId ?? "anonymous"}`, name: "New", visibility: "PUBLIC", artifacts: [] },
  }),
  "GET /api/tokens": () => ({}),
  "POST /api/tokens": () => ({ body: { name: "script" } }),
  "DELETE /api/tokens/{tokenId}": () => ({}),
  "GET /api/projects/{slug}": () => ({}),
  "PATCH /api/projects/{slug}": (_, caller) => ({ body: { description: `edited by ${caller.name}` } }),
  "PUT /api/projects/{slug}/members": (fixture) => ({ body: { handle: fixture.newcomer, role: "VIEWER" } }),
  "GET /api/projects/{slug}/audit": () => ({}),
  "GET /api/projects/{slug}/history": () => ({}),
  "GET /api/projects/{slug}/compare": (fixture) => ({ search: { from: fixture.root, to: fixture.head } }),
  "GET /api/projects/{slug}/revisions/{hash}": () => ({}),
  "GET /api/projects/{slug}/ledger": () => ({}),
  "GET /api/projects/{slug}/proposals": () => ({}),
  "POST /api/projects/{slug}/proposals": (_, caller) => ({ body: { title: `by ${caller.name}`, body: "" } }),
  "GET /api/projects/{slug}/proposals/{number}": () => ({}),
  "POST /api/projects/{slug}/proposals/{number}/commits": (fixture, caller) => ({
    body: {
      expectedHead: fixture.head,
      message: `by ${caller.name}`,
      changes: [
        { path: "architecture.yaml", content: JSON.stringify({ ...PLAN["architecture.yaml"], d_model: 64 }) },
      ],
    },
  }),
  "POST /api/projects/{slug}/proposals/{number}/comments": () => ({ body: { body: "Looks good." } }),
  "POST /api/projects/{slug}/proposals/{number}/reviews": () => ({
    body: { verdict: "COMMENT", body: "Noted." },
  }),
  "POST /api/projects/{slug}/proposals/{number}/merge": () => ({}),
  "POST /api/projects/{slug}/proposals/{number}/close": () => ({}),
  "GET /api/projects/{slug}/checks": (fixture) => ({ search: { proposal: String(fixture.number) } }),
  "POST /api/projects/{slug}/checks": (fixture) => ({ body: { proposal: fixture.number } }),
  "POST /api/projects/{slug}/checks/{checkId}/approve": () => ({}),
  "POST /api/projects/{slug}/checks/{checkId}/cancel": () => ({}),
  "POST /api/projects/{slug}/checks/{checkId}/runs/{runId}/cancel": () => ({}),
  "GET /api/projects/{slug}/checks/{checkId}/curves.svg": () => ({}),
  "GET /api/projects/{slug}/datasets": () => ({}),
  "POST /api/projects/{slug}/datasets": (_, caller) => {
    const form = new FormData();
    form.set("name", `upload-${caller.name.split(" ")[0]}`);
    form.set("license", "MIT");
    form.set("description", "");
    form.set("file", new File(['{"text":"a line"}\n'], "upload.jsonl"));
    return { form };
  },
  "POST /api/projects/{slug}/datasets/audit-demo": () => ({}),
  "GET /api/projects/{slug}/datasets/rows": () => ({}),
  "GET /api/projects/{slug}/datasets/{name}": () => ({}),
  "GET /api/projects/{slug}/datasets/{name}/rows/{ordinal}": () => ({}),
  "GET /api/projects/{slug}/datasets/{name}/report": () => ({}),
};
// next-auth's own sign-in endpoints need its whole flow; they only declare their action.
const NOT_DRIVEN = new Set(["GET /api/auth/{nextauth}", "POST /api/auth/{nextauth}"]);

async function send(route: TRoute, key: string, fixture: TFixture, caller: TCaller) {
  const [method = "", template = ""] = key.split(" ");
  const values: Record<string, string> = {
    slug: fixture.slug,
    number: String(fixture.number),
    checkId: fixture.checkId,
    runId: fixture.runId,
    name: "notes",
    ordinal: "0",
    hash: "main",
    tokenId: caller.tokenId ?? "notatoken0",
  };
  const params = Object.fromEntries(
    [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, values[name!] ?? ""]),
  );
  const url = new URL(
    `http://forge.test${template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "")}`,
  );
  const request = REQUESTS[key]!(fixture, caller);
  for (const [name, value] of Object.entries(request.search ?? {})) url.searchParams.set(name, value);
  // A body travels as bytes with its length (a multipart one with its boundary), as a browser sends it.
  const encoded = request.form
    ? new Response(request.form)
    : request.body === undefined
      ? null
      : new Response(JSON.stringify(request.body), { headers: { "content-type": "application/json" } });
  const body = encoded && new Uint8Array(await encoded.arrayBuffer());
  const headers = new Headers(encoded?.headers);
  if (body) headers.set("content-length", String(body.byteLength));
  signedIn.userId = caller.userId;
  return route(new NextRequest(url, { method, body, headers }), { params: Promise.resolve(params) });
}

/**
 * What the permission table says a caller gets: "allowed" (past the check: any answer but 401, 403 or 404, and
 * not a 5xx), or the refusal. A private project does not exist for those who are not its members.
 */
function expected(action: keyof typeof PERMISSIONS, fixture: TFixture, caller: TCaller) {
  const { scope, needs, authorNeeds } = permissionOf(action);
  if (scope === "project" && fixture.visibility === "PRIVATE" && !caller.role) return 404;
  const need = caller.isAuthor && authorNeeds ? authorNeeds : needs;
  if (need === "ANYONE") return "allowed";
  if (!caller.userId) return 401;
  if (need === "SIGNED_IN") return "allowed";
  const rank = (role: Role | null) =>
    role ? ["VIEWER", "CONTRIBUTOR", "MAINTAINER", "ADMIN"].indexOf(role) : -1;
  return rank(caller.role) >= rank(need) ? "allowed" : 403;
}

/** Closing proposal #1 and cancelling its check come last: the routes before them act on open ones. */
const driveOrder = (key: string) => (/\/(close|checks\/\{checkId\}\/cancel)$/.test(key) ? 1 : 0);

let routes: Map<string, unknown>;
beforeAll(async () => {
  routes = await findRoutes();
});

describe("the API routes", () => {
  it("declare an action of the permission table in every method of every route file", () => {
    const undeclared = [...routes].filter(([, route]) => !isDeclared(route)).map(([key]) => key);
    expect(undeclared).toEqual([]);
    expect(routes.size).toBeGreaterThan(30);
  });

  it("have the permissions we mean, which the API documentation states", () => {
    const declared = Object.fromEntries(
      [...routes].map(([key, route]) => [key, isDeclared(route) ? describePermission(route.action) : "none"]),
    );
    expect(declared).toEqual(POLICY);
    for (const op of OPERATIONS) {
      const route = routes.get(`${op.method.toUpperCase()} ${op.path.split("?")[0]}`);
      expect(isDeclared(route) && route.action, `${op.method} ${op.path}`).toBe(op.action);
    }
  });

  it.each(["PUBLIC", "PRIVATE"] as const)(
    "answer an anonymous caller, a non-member and each role as the table says, the author too (%s project)",
    async (visibility) => {
      const fixture = await createFixture(visibility);
      const outcomes: string[] = [];
      const wanted: string[] = [];
      for (const [key, route] of [...routes].sort(
        ([a], [b]) => driveOrder(a) - driveOrder(b) || a.localeCompare(b),
      )) {
        if (NOT_DRIVEN.has(key)) continue;
        if (!isDeclared(route)) throw new Error(`${key}: declares no action`);
        if (!(key in REQUESTS)) throw new Error(`${key}: add the request this test sends it to REQUESTS`);
        // Routes outside any project answer the same whatever the project: they run once.
        if (permissionOf(route.action).scope === "site" && visibility === "PRIVATE") continue;
        for (const caller of fixture.callers) {
          const response = await send(route, key, fixture, caller);
          const status = response.status;
          const got = [401, 403, 404].includes(status) ? status : status < 500 ? "allowed" : `${status}`;
          outcomes.push(`${key} as ${caller.name}: ${got}`);
          wanted.push(`${key} as ${caller.name}: ${expected(route.action, fixture, caller)}`);
        }
      }
      expect(outcomes).toEqual(wanted);
    },
    120_000,
  );
});
