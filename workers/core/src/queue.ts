import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { TJobDefinition, TJobPayload, TQueueName } from "./contracts";

export function createRedis(url: string): Redis {
  // BullMQ workers need blocking commands to wait forever rather than fail after N retries.
  return new Redis(url, { maxRetriesPerRequest: null });
}

const queues = new Map<TQueueName, Queue>();
let connection: Redis | undefined;

function queueFor(name: TQueueName, redisUrl: string): Queue {
  connection ??= createRedis(redisUrl);
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection });
    queues.set(name, queue);
  }
  return queue;
}

/**
 * Enqueues a job after validating its payload against the contract. A jobId makes enqueueing idempotent:
 * BullMQ ignores a second add with the same id while the first exists.
 */
export async function enqueue<D extends TJobDefinition>(
  definition: D,
  payload: TJobPayload<D>,
  options: { redisUrl: string; jobId?: string },
) {
  const data = { ...(definition.payload.parse(payload) as object), v: definition.version };
  return queueFor(definition.queue, options.redisUrl).add(definition.name, data, {
    jobId: options.jobId,
    attempts: definition.attempts,
    backoff: definition.backoff,
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
  queues.clear();
  await connection?.quit();
  connection = undefined;
}

export async function queueDepths(redisUrl: string, names: TQueueName[]) {
  return Promise.all(
    names.map(async (name) => ({
      queue: name,
      counts: await queueFor(name, redisUrl).getJobCounts(
        "waiting",
        "active",
        "delayed",
        "failed",
        "completed",
      ),
    })),
  );
}
