import { assertServicesReachable } from "@forge/core/startup-check";
import { env } from "./env";

export async function checkStartup() {
  try {
    const config = env();
    await assertServicesReachable({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
