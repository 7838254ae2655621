import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError, z } from "zod";
import {
  permissionOf,
  type TAction,
  type TCallerId,
  type TProjectAction,
  type TSiteAction,
} from "@/features/projects/permissions";
import { authorizeProject, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { currentUserId } from "./auth";
import { AppError, badRequest, describeZodError, unauthorized } from "./errors";

type TRawParams = Record<string, string | string[]>;
type TContext = { params: Promise<TRawParams | undefined> };
type TParamsSchema = z.ZodType<object>;
/** A route handler that declares its action in the permission table (a test finds every route's). */
export type TRoute = ((request: NextRequest, context: TContext) => Promise<Response>) & { action: TAction };

const MAX_JSON_BYTES = 2 * 1024 * 1024;

/**
 * A route outside any project. The caller is resolved on the server (401 when the action needs a sign-in);
 * `params` parses the path's segments, naming the bad one.
 */
export function apiRoute<A extends TSiteAction, S extends TParamsSchema>(
  declaration: { action: A; params: S },
  handler: (args: { request: NextRequest; userId: TCallerId<A>; params: z.output<S> }) => unknown,
): TRoute;
export function apiRoute<A extends TSiteAction>(
  declaration: { action: A },
  handler: (args: { request: NextRequest; userId: TCallerId<A> }) => unknown,
): TRoute;
export function apiRoute(
  declaration: { action: TSiteAction; params?: TParamsSchema },
  handler: (args: { request: NextRequest; userId: string | null; params: unknown }) => unknown,
): TRoute {
  return declareRoute(declaration.action, async (request, rawParams) => {
    const userId = await currentUserId();
    if (!userId && permissionOf(declaration.action).needs !== "ANYONE") throw unauthorized();
    return handler({ request, userId, params: declaration.params?.parse(rawParams) });
  });
}

/**
 * A route under /api/projects/{slug}: the caller's access to the project is checked against the permission
 * table for the declared action before the handler runs, which gets it typed (see authorizeProject).
 */
export function projectRoute<A extends TProjectAction, S extends TParamsSchema>(
  declaration: { action: A; params: S },
  handler: (args: { request: NextRequest; access: TProjectAccess<A>; params: z.output<S> }) => unknown,
): TRoute;
export function projectRoute<A extends TProjectAction>(
  declaration: { action: A },
  handler: (args: { request: NextRequest; access: TProjectAccess<A> }) => unknown,
): TRoute;
export function projectRoute(
  declaration: { action: TProjectAction; params?: TParamsSchema },
  handler: (args: { request: NextRequest; access: TProjectAccess; params: unknown }) => unknown,
): TRoute {
  return declareRoute(declaration.action, async (request, rawParams) => {
    const slug = z.object({ slug: z.string() }).parse(rawParams).slug;
    const access = await authorizeProject({
      slug,
      userId: await currentUserId(),
      action: declaration.action,
    });
    return handler({ request, access, params: declaration.params?.parse(rawParams) });
  });
}

/**
 * Declares the action of a route handler and wraps it: refuses NUL characters up front, maps errors to JSON
 * with the right status, and never lets an unexpected error leak internals. Routes use it directly only for
 * handlers that need no caller (next-auth's own).
 */
export function declareRoute(
  action: TAction,
  handle: (request: NextRequest, params: TRawParams) => unknown,
): TRoute {
  const route = async (request: NextRequest, context: TContext) => {
    try {
      const params = (await context.params) ?? {};
      assertNoNul([...Object.entries(params), ...request.nextUrl.searchParams.entries()]);
      const result = await handle(request, params);
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(route, { action });
}

/** PostgreSQL text cannot hold U+0000: refuse it up front, naming the field, instead of failing in a query. */
function assertNoNul(fields: Iterable<[string, unknown]>) {
  for (const [name, value] of fields)
    if (typeof value === "string" && value.includes("\0")) throw badRequest(`${name}: must not contain NUL`);
}

function* stringLeaves(value: unknown, path: string): Generator<[string, unknown]> {
  if (typeof value === "string") yield [path || "body", value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringLeaves(item, `${path}[${i}]`);
  else if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) yield* stringLeaves(item, path ? `${path}.${key}` : key);
}

export function errorResponse(error: unknown) {
  if (error instanceof AppError) {
    return NextResponse.json({ error: error.message, details: error.details }, { status: error.status });
  }
  if (error instanceof ZodError) {
    const { message, issues } = describeZodError(error);
    return NextResponse.json({ error: message, issues }, { status: 400 });
  }
  console.error(error);
  return NextResponse.json({ error: "Internal error" }, { status: 500 });
}

/** Reads a JSON body of bounded size and validates it; errors name the field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES) throw new AppError(413, `body: larger than ${MAX_JSON_BYTES} bytes`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_JSON_BYTES) throw new AppError(413, `body: larger than ${MAX_JSON_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw badRequest("body: not valid UTF-8 JSON");
  }
  assertNoNul(stringLeaves(body, ""));
  return schema.parse(body);
}
