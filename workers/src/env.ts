import { ZDatabaseUrl, ZRedisUrl, parseConfiguration } from "@forge/core/startup-check";
import { z } from "zod";

const ZWorkerEnv = z.object({
  DATABASE_URL: ZDatabaseUrl,
  REDIS_URL: ZRedisUrl,
  FORGE_DATA_DIR: z.string().min(1).default(".data/objects"),
  FORGE_HEARTBEAT_MS: z.coerce.number().int().min(200).max(60_000).default(5000),
  FORGE_PREFER_CPU: z.enum(["0", "1"]).default("0"),
  // Optional liveness endpoint for orchestrators (and the e2e harness): GET / answers the worker's status.
  FORGE_WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // BullMQ stalled-job recovery: a job whose worker stops renewing its lock (killed, frozen) goes back to the
  // queue after about lockDuration + stalledInterval and resumes from its last checkpoint on another worker.
  FORGE_LOCK_DURATION_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  FORGE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  FORGE_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(3),
});
export type TWorkerEnv = z.infer<typeof ZWorkerEnv>;

export const parseWorkerEnv = (source: Record<string, string | undefined>): TWorkerEnv =>
  parseConfiguration(ZWorkerEnv, source);

/** This process's configuration, read once at start-up by the entry point. */
export const readWorkerEnv = (): TWorkerEnv => parseWorkerEnv(process.env);
