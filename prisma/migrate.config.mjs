// Prisma 6 config used only for migrations (see scripts/migrate.mjs): drives the wasm schema engine.
import { defineConfig } from "prisma6/config";
import { migrationAdapterFactory } from "./scripts/migration-adapter.mjs";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: ".prisma6/schema.prisma",
  migrations: { path: "migrations" },
  adapter: async () => migrationAdapterFactory(process.env.DATABASE_URL),
});
