// `prisma migrate dev|deploy|status|reset` offline: Prisma 6's wasm schema engine behind a pg driver adapter.
// Prisma 6 needs `url = env("DATABASE_URL")` in the datasource and Prisma 7 rejects it, so a Prisma-6 copy of
// the one real schema is derived here on every run (never edit the copy).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "DATABASE_URL is not set: point it at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/forge",
  );
  process.exit(1);
}

const schema = readFileSync(path.join(root, "schema.prisma"), "utf8")
  .replace(/generator client \{[^}]*\}/, 'generator client {\n  provider = "prisma-client-js"\n}')
  .replace(
    /datasource db \{([^}]*)\}/,
    (_match, body) => `datasource db {${body}  url = env("DATABASE_URL")\n}`,
  );
mkdirSync(path.join(root, ".prisma6"), { recursive: true });
writeFileSync(path.join(root, ".prisma6", "schema.prisma"), `// GENERATED from ../schema.prisma\n${schema}`);

const cli = createRequire(import.meta.url).resolve("prisma6/build/index.js");
const [command, ...rest] = process.argv.slice(2);
const args = [cli, "migrate", command, ...rest, "--config", "migrate.config.mjs"];
if (command === "dev" || command === "reset") args.push("--skip-generate");
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_CLIENT_ENGINE_TYPE: "client",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
