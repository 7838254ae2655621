import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Jobs the tests enqueue go to a Redis database no worker reads (emptied by test/global-setup.ts): two above
// REDIS_URL's (npm test gives db 7, so 9), so test runs given different REDIS_URL databases never share one.
const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
redisUrl.pathname = `/${Number(redisUrl.pathname.slice(1) || 7) + 2}`;
process.env.REDIS_URL = redisUrl.toString();
process.env.NEXTAUTH_SECRET ??= "web-tests-secret-web-tests-secret";
// Uploads land in a throwaway object store.
process.env.FORGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "forge-web-tests-"));

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // server-only throws outside React Server Components; tests call server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**"],
    testTimeout: 30_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
