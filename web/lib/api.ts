import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError, type z } from "zod";
import { currentUserId } from "./auth";
import { AppError, badRequest, describeZodError } from "./errors";

type TContext<P> = { params: Promise<P> };
type THandlerArgs<P> = { request: NextRequest; params: P; userId: string | null };

const MAX_JSON_BYTES = 2 * 1024 * 1024;

/**
 * Wraps a route handler: resolves the caller on the server, maps errors to JSON with the right status, and
 * never lets an unexpected error leak internals.
 */
export function apiRoute<P = Record<string, never>>(handler: (args: THandlerArgs<P>) => Promise<unknown>) {
  return async (request: NextRequest, context: TContext<P>) => {
    try {
      const params = await context.params;
      assertNoNul([...Object.entries(params ?? {}), ...request.nextUrl.searchParams.entries()]);
      const userId = await currentUserId();
      const result = await handler({ request, params, userId });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(error);
    }
  };
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
