// Start-up probes shared by the web app and the worker: a bad URL or a service that is down stops start-up
// with one line naming the variable, instead of a stack trace or endless reconnect noise.
import pg from "pg";
import { Redis } from "ioredis";
import { z } from "zod";

export class ConfigurationError extends Error {}

const parsesAsUrl = (value: string) => URL.canParse(value);

export const ZDatabaseUrl = z
  .string({ error: "is not set (a PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/forge)" })
  .regex(/^postgres(ql)?:\/\/[^/]+/, "must be a postgresql:// URL")
  .refine(parsesAsUrl, "is not a valid URL (check the host and port)");
export const ZRedisUrl = z
  .string()
  .regex(/^rediss?:\/\//, "must be a redis:// URL")
  .refine(parsesAsUrl, "is not a valid URL (check the host and port)")
  .default("redis://127.0.0.1:6379");

/** Parses configuration from the environment; the error names the first bad variable in one line. */
export function parseConfiguration<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw new ConfigurationError(
    `Configuration error: ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}`,
  );
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error as { message?: string; code?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    const text = [e.code, e.message?.split("\n")[0]].filter(Boolean).join(" ");
    if (text && !parts.includes(text)) parts.push(text);
    if (parts.length >= 2) break;
  }
  return parts.join(": ") || String(error);
}

const where = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "default port"}`;
};

export async function assertServicesReachable(urls: { databaseUrl: string; redisUrl: string }) {
  const client = new pg.Client({ connectionString: urls.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new ConfigurationError(
      `Configuration error: DATABASE_URL is unreachable at ${where(urls.databaseUrl)} (${describe(error)})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(urls.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  // ioredis reports the socket error as an event and rejects with "Connection is closed"; the event says why.
  let socketError: unknown;
  redis.on("error", (error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new ConfigurationError(
      `Configuration error: REDIS_URL is unreachable at ${where(urls.redisUrl)} (${describe(socketError ?? error)})`,
    );
  } finally {
    redis.disconnect();
  }
}
