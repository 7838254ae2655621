import "server-only";
import { z } from "zod";
import { ZDatabaseUrl, ZRedisUrl, parseConfiguration } from "@forge/core/startup-check";

const ZEnv = z
  .object({
    DATABASE_URL: ZDatabaseUrl,
    REDIS_URL: ZRedisUrl,
    NEXTAUTH_SECRET: z
      .string({ error: "is not set (any random string of 32+ characters; `openssl rand -hex 32`)" })
      .min(32, "must be at least 32 characters (`openssl rand -hex 32`)"),
    NEXTAUTH_URL: z.url("must be an absolute URL such as http://localhost:3000").optional(),
    GITHUB_ID: z.string().min(1).optional(),
    GITHUB_SECRET: z.string().min(1).optional(),
  })
  .refine((env) => Boolean(env.GITHUB_ID) === Boolean(env.GITHUB_SECRET), {
    message: "GITHUB_ID and GITHUB_SECRET must be set together to switch on GitHub sign-in",
    path: ["GITHUB_SECRET"],
  });

export type TEnv = z.infer<typeof ZEnv>;

export const parseEnv = (source: Record<string, string | undefined>): TEnv =>
  parseConfiguration(ZEnv, source);

let cached: TEnv | undefined;
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
