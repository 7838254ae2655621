import "server-only";
import { QUEUES } from "@forge/core/contracts";
import { queueDepths } from "@forge/core/queue";
import { env } from "@/lib/env";

export const getQueueDepths = () => queueDepths(env().REDIS_URL, Object.values(QUEUES));
