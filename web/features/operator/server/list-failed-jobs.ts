import "server-only";
import { QUEUES } from "@forge/workers/contracts";
import { listFailedJobs } from "@forge/workers/experiments/failed-jobs";
import { env } from "@/lib/env";

export const getFailedJobs = () =>
  listFailedJobs({ redisUrl: env().REDIS_URL, queues: Object.values(QUEUES), limit: 50 });
