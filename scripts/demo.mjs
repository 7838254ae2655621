// `npm run demo`: finds or starts PostgreSQL and Redis, migrates, seeds the demo project, builds and starts
// the web app and one worker, prints the URL and the demo login. Ctrl-C stops everything it started.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ROOT,
  SetupError,
  ensureDatabase,
  ensureRedis,
  postgresReachable,
  run,
  sleep,
  spawnChild,
  startPglite,
  stopChildren,
} from "./services.mjs";

const children = [];
let stopping = false;

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
  if (!(await portFree(port)))
    throw new SetupError(`PORT ${port} is already in use: stop what listens there or set PORT`);

  if (process.env.DATABASE_URL) {
    if (!(await postgresReachable(process.env.DATABASE_URL))) {
      throw new SetupError(
        `DATABASE_URL is unreachable: no PostgreSQL answers at ${redact(process.env.DATABASE_URL)}`,
      );
    }
    await ensureDatabase(process.env.DATABASE_URL);
  } else if (await postgresReachable(DEFAULT_DATABASE_URL)) {
    await ensureDatabase(DEFAULT_DATABASE_URL);
    env.DATABASE_URL = DEFAULT_DATABASE_URL;
    console.log(`PostgreSQL: found at ${DEFAULT_DATABASE_URL}`);
  } else {
    console.log("PostgreSQL: none reachable at 127.0.0.1:5432, starting the embedded PGlite fallback");
    env.DATABASE_URL = await startPglite(children);
  }

  env.REDIS_URL = await ensureRedis(children, process.env.REDIS_URL ?? DEFAULT_REDIS_URL, {
    explicit: Boolean(process.env.REDIS_URL),
  });
  env.NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? persistentSecret();
  env.NEXTAUTH_URL = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;

  run(process.execPath, ["prisma/scripts/migrate.mjs", "deploy"], env, "database migration");
  run("npx", ["tsx", "prisma/seed/main.ts"], env, "seeding the demo project");
  run("npx", ["tsx", "workers/src/seed/main.ts"], env, "ingesting, auditing and tokenizing the demo data");
  run("npx", ["tsx", "workers/src/seed/queue-open-checks.ts"], env, "queueing the demo proposals' checks");
  run(
    "npx",
    ["turbo", "run", "build", "--filter=@forge/web", "--output-logs=errors-only"],
    env,
    "building the web app",
  );

  spawnChild(children, "web", "npx", ["next", "start", "-p", String(port)], {
    cwd: path.join(ROOT, "web"),
    env,
  });
  spawnChild(children, "worker", "npx", ["tsx", "src/main.ts"], { cwd: path.join(ROOT, "workers"), env });
  for (const child of children) {
    child.once("exit", (code) => {
      if (!stopping) {
        console.error(`${child.forgeName} exited (code ${code}); stopping the demo`);
        void shutdown(1);
      }
    });
  }
  await waitForHttp(`http://127.0.0.1:${port}/api/health`);
  console.log(
    [
      "",
      `Forge is running at http://localhost:${port}`,
      "Demo login: admin@forge.local / forge-demo (also maintainer@, contributor@, viewer@forge.local)",
      "Press Ctrl-C to stop web, worker and anything this command started.",
      "",
    ].join("\n"),
  );
}

function persistentSecret() {
  const file = path.join(ROOT, ".data/nextauth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function waitForHttp(url) {
  for (let i = 0; i < 300; i++) {
    if (stopping) return;
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(200);
  }
  throw new SetupError(`the web app did not answer at ${url}`);
}

const portFree = (port) =>
  new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .listen(port, () => server.close(() => resolve(true)));
  });

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await stopChildren(children);
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

main().catch(async (error) => {
  console.error(error instanceof SetupError ? error.message : (error.stack ?? String(error)));
  await shutdown(1);
});
