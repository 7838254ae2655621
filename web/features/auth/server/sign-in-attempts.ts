import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "@/lib/env";

/** Failed sign-ins allowed per email in a window; after that the email is refused until the window ends. */
export const MAX_FAILED_SIGN_INS = 10;
const WINDOW_SECONDS = 15 * 60;

let redis: Redis | undefined;
// One retry: a Redis outage must not hang sign-in (the limiter then lets attempts through, and says so).
const client = () => (redis ??= new Redis(env().REDIS_URL, { maxRetriesPerRequest: 1 }));
const keyFor = (email: string) =>
  `forge:sign-in-failures:${createHash("sha256").update(email).digest("hex")}`;

async function bestEffort<T>(what: string, action: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    console.error(`sign-in limiter: ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return fallback;
  }
}

export const signInLocked = (email: string) =>
  bestEffort(
    "read",
    async () => Number((await client().get(keyFor(email))) ?? 0) >= MAX_FAILED_SIGN_INS,
    false,
  );

export const recordSignInFailure = (email: string) =>
  bestEffort(
    "count",
    async () => {
      const key = keyFor(email);
      // The window starts at the first failure and does not slide.
      await client().multi().set(key, 0, "EX", WINDOW_SECONDS, "NX").incr(key).exec();
    },
    undefined,
  );

export const clearSignInFailures = (email: string) =>
  bestEffort("clear", async () => void (await client().del(keyFor(email))), undefined);
