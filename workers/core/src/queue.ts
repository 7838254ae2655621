import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { z } from "zod";
import { jobData, type TJobContract, type TPayloadSchema, type TQueueName } from "./contracts";

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
export async function enqueue<S extends TPayloadSchema>(
  contract: TJobContract<S>,
  payload: z.input<S>,
  options: { redisUrl: string; jobId?: string },
) {
  return queueFor(contract.queue, options.redisUrl).add(contract.name, jobData(contract, payload), {
    jobId: options.jobId,
    attempts: contract.attempts,
    backoff: contract.backoff,
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
