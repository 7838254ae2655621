// A worker process: registers itself (host and WebGPU adapter), keeps a heartbeat, processes the job queues
// one job at a time per lane, and on SIGTERM/SIGINT finishes or hands back its job before exiting.
import { createServer } from "node:http";
import { Worker } from "bullmq";
import { createPrismaClient } from "@forge/db";
import { describeAdapter } from "@forge/kernels";
import { QUEUES } from "@forge/core/contracts";
import { createRedis } from "@forge/core/queue";
import { readWorkerEnv } from "./env";
import { ConfigurationError, assertServicesReachable } from "@forge/core/startup-check";
import { WorkerRegistration } from "./registration";
import { processorFor } from "./jobs/registry";
import { recordFinalFailure } from "./jobs/record-final-failure";
import { log } from "./log";

async function main() {
  const env = readWorkerEnv();
  await assertServicesReachable({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = createRedis(env.REDIS_URL);

  const adapter = await describeAdapter({ preferCpu: env.FORGE_PREFER_CPU === "1" });
  if (adapter.kind === "none")
    log.warn("no WebGPU adapter (no GPU, no lavapipe): GPU jobs will fail on this worker");
  const registration = new WorkerRegistration(prisma, adapter);
  await registration.register(env.FORGE_HEARTBEAT_MS);
  log.info(`worker ${registration.id} up: adapter ${adapter.kind} ${adapter.description || adapter.device}`);

  const shutdownController = new AbortController();
  const context = { prisma, redis, env, registration, shutdown: shutdownController.signal };
  const workers = Object.values(QUEUES).map(
    (queue) =>
      new Worker(queue, processorFor(context), {
        connection: redis.duplicate(),
        concurrency: 1,
        lockDuration: env.FORGE_LOCK_DURATION_MS,
        stalledInterval: env.FORGE_STALLED_INTERVAL_MS,
        maxStalledCount: env.FORGE_MAX_STALLED_COUNT,
      }),
  );
  for (const worker of workers) {
    worker.on("failed", (job, error) => {
      log.error(`job ${job?.name}#${job?.id} failed: ${error.message}`);
      if (job)
        recordFinalFailure(prisma, job, error).catch((recordError: Error) =>
          log.error(`recording job ${job.name}#${job.id}'s failure: ${recordError.message}`),
        );
    });
  }

  let stopping = false;
  if (env.FORGE_WORKER_HEALTH_PORT) {
    createServer((_request, response) => {
      response.writeHead(stopping ? 503 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: registration.id, adapter: adapter.kind, stopping }));
    }).listen(env.FORGE_WORKER_HEALTH_PORT, "127.0.0.1");
  }

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing (a training run is handed back to the queue; other jobs finish)`);
    shutdownController.abort();
    await Promise.all(workers.map((worker) => worker.close()));
    await registration.unregister().catch(() => undefined);
    await prisma.$disconnect();
    redis.disconnect();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: Error) => {
  log.error(error instanceof ConfigurationError ? error.message : (error.stack ?? error.message));
  process.exit(1);
});
