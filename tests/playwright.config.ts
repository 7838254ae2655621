import { defineConfig } from "@playwright/test";

// The stack under test: the built web app and a real worker process, against real PostgreSQL and Redis
// (scripts/test.sh prepares the e2e database), driven in Debian's Chromium (no browser download).
const port = Number(process.env.E2E_PORT ?? 3100);
const workerHealthPort = port + 1;
const baseURL = `http://127.0.0.1:${port}`;
const env = {
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge_e2e",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
  NEXTAUTH_URL: baseURL,
  NEXT_TELEMETRY_DISABLED: "1",
  FORGE_PREFER_CPU: "1",
  FORGE_HEARTBEAT_MS: "1000",
  FORGE_WORKER_HEALTH_PORT: String(workerHealthPort),
  FORGE_DATA_DIR: process.env.E2E_DATA_DIR ?? "../.data/e2e-objects",
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `npx next start -p ${port}`,
      cwd: "../web",
      url: `${baseURL}/api/health`,
      env,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx src/main.ts",
      cwd: "../workers",
      url: `http://127.0.0.1:${workerHealthPort}/`,
      env,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
