import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const good = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/forge", NEXTAUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("names the missing secret in one line", () => {
    expect(() => parseEnv({ DATABASE_URL: good.DATABASE_URL })).toThrow(
      /^Configuration error: NEXTAUTH_SECRET is not set/,
    );
  });
  it("names a database URL that is not PostgreSQL", () => {
    expect(() => parseEnv({ ...good, DATABASE_URL: "mysql://x/y" })).toThrow(
      "Configuration error: DATABASE_URL must be a postgresql:// URL",
    );
  });
  it("refuses a secret short enough to guess, and a URL that does not parse", () => {
    expect(() => parseEnv({ ...good, NEXTAUTH_SECRET: "changemechangeme" })).toThrow(
      /^Configuration error: NEXTAUTH_SECRET must be at least 32 characters/,
    );
    expect(() => parseEnv({ ...good, DATABASE_URL: "postgresql://db:54x2/forge" })).toThrow(
      "Configuration error: DATABASE_URL is not a valid URL (check the host and port)",
    );
    expect(() => parseEnv({ ...good, REDIS_URL: "redis://cache:6x79" })).toThrow(
      "Configuration error: REDIS_URL is not a valid URL (check the host and port)",
    );
  });
  it("refuses half a GitHub configuration", () => {
    expect(() => parseEnv({ ...good, GITHUB_ID: "abc" })).toThrow(/GITHUB_SECRET/);
  });
  it("defaults REDIS_URL", () => {
    expect(parseEnv(good).REDIS_URL).toBe("redis://127.0.0.1:6379");
  });
});
