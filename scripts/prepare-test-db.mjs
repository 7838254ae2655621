// Recreates a test database, applies the committed migrations, checks `migrate status`, and seeds the demo.
import { DEFAULT_DATABASE_URL, SetupError, ensureDatabase, postgresReachable, run } from "./services.mjs";

const [url, ...flags] = process.argv.slice(2);
try {
  if (!url) throw new SetupError("usage: prepare-test-db.mjs <postgresql url> [--seed]");
  if (!(await postgresReachable(url))) {
    throw new SetupError(
      `PostgreSQL is unreachable at ${url} (tests need a real server; default ${DEFAULT_DATABASE_URL})`,
    );
  }
  await ensureDatabase(url, { recreate: true });
  const env = { ...process.env, DATABASE_URL: url };
  run(process.execPath, ["prisma/scripts/migrate.mjs", "deploy"], env, "migrate deploy");
  run(process.execPath, ["prisma/scripts/migrate.mjs", "status"], env, "migrate status");
  if (flags.includes("--seed")) {
    run("npx", ["tsx", "prisma/seed/main.ts"], env, "seed");
    // The e2e worker and web read the store at FORGE_DATA_DIR ../.data/e2e-objects (tests/playwright.config.ts).
    const dataDir = process.env.E2E_DATA_DIR ?? "../.data/e2e-objects";
    run("npx", ["tsx", "workers/src/seed/main.ts"], { ...env, FORGE_DATA_DIR: dataDir }, "seed data");
  }
} catch (error) {
  console.error(error instanceof SetupError ? error.message : error);
  process.exit(1);
}
