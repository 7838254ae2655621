// Web tests enqueue real jobs (opening a proposal queues its check, an upload its ingest) into a Redis database
// of their own, which no worker reads: empty it before and after the run.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES } from "@forge/core/contracts";

async function emptyQueues() {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  try {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  } finally {
    connection.disconnect();
  }
}

export default async function setup() {
  await emptyQueues();
  return emptyQueues;
}
