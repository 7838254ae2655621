import { describe, expect, it } from "vitest";
import { assertServicesReachable } from "@forge/core/startup-check";
import { parseWorkerEnv } from "./env";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("start-up checks", () => {
  it("passes when PostgreSQL and Redis answer", async () => {
    await expect(assertServicesReachable({ databaseUrl, redisUrl })).resolves.toBeUndefined();
  });

  it("names DATABASE_URL in one line when nothing listens there", async () => {
    await expect(
      assertServicesReachable({ databaseUrl: "postgresql://postgres@127.0.0.1:1/forge", redisUrl }),
    ).rejects.toThrow(/^Configuration error: DATABASE_URL is unreachable at 127\.0\.0\.1:1 \(ECONNREFUSED/);
  });

  it("names REDIS_URL with the socket error rather than a generic close", async () => {
    await expect(assertServicesReachable({ databaseUrl, redisUrl: "redis://127.0.0.1:1" })).rejects.toThrow(
      /^Configuration error: REDIS_URL is unreachable at 127\.0\.0\.1:1 \(ECONNREFUSED/,
    );
  });

  it("names a missing or malformed variable", () => {
    expect(() => parseWorkerEnv({})).toThrow(/^Configuration error: DATABASE_URL is not set/);
    expect(() => parseWorkerEnv({ DATABASE_URL: databaseUrl, REDIS_URL: "http://x" })).toThrow(
      "Configuration error: REDIS_URL must be a redis:// URL",
    );
  });
});
