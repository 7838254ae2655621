// Failed jobs for the operator page: BullMQ keeps them (removeOnFail: 7 days) with the error of the last
// attempt and how many attempts were made.
import { Queue } from "bullmq";
import { createRedis } from "../queue";
import type { TQueueName } from "../contracts";

const queues = new Map<string, Queue>();

function queueFor(name: TQueueName, redisUrl: string): Queue {
  const key = `${redisUrl} ${name}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = new Queue(name, { connection: createRedis(redisUrl) });
    queues.set(key, queue);
  }
  return queue;
}

export async function listFailedJobs(options: { redisUrl: string; queues: TQueueName[]; limit: number }) {
  const perQueue = await Promise.all(
    options.queues.map(async (name) => {
      const jobs = await queueFor(name, options.redisUrl).getFailed(0, options.limit - 1);
      return jobs.map((job) => ({
        queue: name,
        id: job.id ?? "",
        name: job.name,
        data: job.data as Record<string, unknown>,
        error: job.failedReason,
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      }));
    }),
  );
  return perQueue
    .flat()
    .sort((a, b) => (b.failedAt ?? "").localeCompare(a.failedAt ?? ""))
    .slice(0, options.limit);
}
export type TFailedJob = Awaited<ReturnType<typeof listFailedJobs>>[number];
