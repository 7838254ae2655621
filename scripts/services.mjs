// Finds or starts the services Forge needs: PostgreSQL (else an embedded PGlite served over the Postgres
// protocol) and Redis (else a local redis-server). Used by `npm run demo` and `npm test`.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/forge";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export class SetupError extends Error {}

export async function postgresReachable(url) {
  const client = new pg.Client({
    connectionString: withDatabase(url, "postgres"),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the URL's database if missing (needs a real PostgreSQL server). */
export async function ensureDatabase(url, { recreate = false } = {}) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new SetupError(`DATABASE_URL: database name '${name}' is not a plain identifier`);
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    if (recreate) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/** Starts PGlite behind a Postgres-protocol socket in a child process; resolves with its URL. */
export async function startPglite(
  children,
  { port = 55432, dataDir = path.join(ROOT, ".data/pglite") } = {},
) {
  mkdirSync(dataDir, { recursive: true });
  const child = spawnChild(children, "pglite", process.execPath, [
    path.join(ROOT, "scripts/pglite-server.mjs"),
    String(port),
    dataDir,
  ]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new SetupError("the embedded PGlite server exited during start-up");
    if (await postgresReachable(url)) return url;
    await sleep(200);
  }
  throw new SetupError(`the embedded PGlite server did not answer on port ${port}`);
}

export async function redisReachable(url) {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Finds Redis at url, else starts redis-server there if it is installed, else explains what to install. */
export async function ensureRedis(children, url, { explicit }) {
  if (await redisReachable(url)) return url;
  if (explicit) throw new SetupError(`REDIS_URL is unreachable: nothing answers at ${url}`);
  if (spawnSync("sh", ["-c", "command -v redis-server"]).status !== 0) {
    throw new SetupError(
      `Redis is not reachable at ${url} and redis-server is not installed. Install it ` +
        "(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.",
    );
  }
  const port = new URL(url).port || "6379";
  spawnChild(children, "redis", "redis-server", [
    "--port",
    port,
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  for (let i = 0; i < 50; i++) {
    if (await redisReachable(url)) return url;
    await sleep(200);
  }
  throw new SetupError(`redis-server did not answer at ${url}`);
}

/** Children run in their own process group so one signal stops each with everything it started. */
export function spawnChild(children, name, command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    ...options,
  });
  child.forgeName = name;
  children.push(child);
  return child;
}

export async function stopChildren(children, signal = "SIGTERM") {
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of alive.reverse()) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

export function run(command, args, env, label = `${command} ${args.join(" ")}`) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
  if (result.status !== 0) throw new SetupError(`${label} failed (exit ${result.status})`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
