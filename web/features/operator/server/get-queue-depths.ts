import "server-only";
import { QUEUES } from "@forge/workers/contracts";
import { queueDepths } from "@forge/workers/queue";
import { env } from "@/lib/env";

export const getQueueDepths = () => queueDepths(env().REDIS_URL, Object.values(QUEUES));
