// Queue benchmark: (1) enqueue-to-start latency of train-run jobs with an idle worker (BullMQ's own
// timestamps: job created -> job moved to active by the worker), and (2) how soon the results comment
// appears after the last run of a real check ends. Uses a private redis-server, a real worker process
// (tsx src/main.ts on lavapipe) and PostgreSQL from DATABASE_URL.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/forge npm run bench:queue
import { mkdtempSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import path from "node:path";
import { createPrismaClient } from "@forge/db";
import { FilesystemObjectStore } from "@forge/core/storage";
import { Queue } from "bullmq";
import { closeQueues, createRedis, enqueue } from "@forge/core/queue";
import { QUEUES, trainRunJob } from "@forge/core/contracts";
import { queueCheck } from "@forge/core/experiments/queue-check";
import { resultsCommentKey } from "@forge/core/experiments/check-keys";
import { readRunCurves } from "@forge/core/experiments/run-curves";
import {
  PrivateRedis,
  WorkerProcess,
  createExperimentProject,
  done,
  freePort,
  never,
  notYet,
  openExperimentProposal,
  tinyRecipe,
  waitFor,
} from "../src/experiments/experiment-fixtures";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);
const STEPS = 8;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge";
  const prisma = createPrismaClient(databaseUrl);
  const dataDir = mkdtempSync(path.join(tmpdir(), "forge-bench-"));
  const store = new FilesystemObjectStore(dataDir);
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  const worker = new WorkerProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    FORGE_DATA_DIR: dataDir,
  });
  try {
    await worker.ready(prisma);
    const project = await createExperimentProject({ prisma, store, steps: STEPS });

    // (1) Jobs for runs that are already cancelled: the worker starts each and returns at once, so the figure
    // is the queue's pickup latency, one job at a time, with the worker idle in between.
    const run = await prisma.run.create({
      data: {
        projectId: project.projectId,
        revision: "0".repeat(64),
        role: "HEAD",
        seed: 0,
        specHash: "0".repeat(64),
        state: "CANCELLED",
      },
    });
    const connection = createRedis(redis.url);
    const queue = new Queue(QUEUES.gpu, { connection });
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const job = await enqueue(
        trainRunJob,
        { runId: run.id, specHash: run.specHash },
        { redisUrl: redis.url, jobId: `bench-${Date.now()}-${i}` },
      );
      await waitFor(
        "the bench job to complete",
        async () => {
          const state = await job.getState();
          if (state === "completed") return done(state);
          return state === "failed"
            ? never(`failed: ${(await queue.getJob(job.id!))?.failedReason}`)
            : notYet(state);
        },
        10_000,
      );
      const completed = await queue.getJob(job.id!);
      latencies.push(completed!.processedOn! - completed!.timestamp);
    }
    latencies.sort((a, b) => a - b);
    await queue.close();
    await connection.quit();

    // (2) A real check (head and base, one seed, 8 steps each): the last run's end to the comment's creation.
    const proposal = await openExperimentProposal(prisma, project, "bench: higher lr", {
      "recipe.yaml": { ...tinyRecipe(STEPS), optimizer: { ...tinyRecipe(STEPS).optimizer, lr: 5e-3 } },
    });
    const queued = await queueCheck({
      prisma,
      redisUrl: redis.url,
      proposalId: proposal.id,
      requestedById: project.author.id,
    });
    const comment = await waitFor(
      "the results comment",
      async () => {
        const posted = await prisma.comment.findUnique({
          where: { systemKey: resultsCommentKey(queued!.checkId) },
        });
        if (posted) return done(posted);
        const check = await prisma.check.findUniqueOrThrow({ where: { id: queued!.checkId } });
        return (check.state === "CANCELLED" ? never : notYet)(`check ${check.id} ${check.state}`);
      },
      600_000,
    );
    const runs = await prisma.run.findMany({ where: { checkId: queued!.checkId } });
    const lastEnd = Math.max(...runs.map((r) => r.endedAt!.getTime()));
    const curves = await readRunCurves(
      prisma,
      runs.map((r) => r.id),
    );
    const lastTrainingStep = Math.round(
      Math.max(...runs.map((r) => r.startedAt!.getTime() + (curves.get(r.id)?.at(-1)?.ms ?? 0))),
    );

    const rows: [string, string, string][] = [
      ["enqueue → start, p50", `${percentile(latencies, 50)} ms`, `${SAMPLES} train-run jobs, idle worker`],
      ["enqueue → start, p95", `${percentile(latencies, 95)} ms`, "target < 50 ms"],
      ["enqueue → start, max", `${latencies.at(-1)} ms`, ""],
      ["last run ended → results comment", `${comment.createdAt.getTime() - lastEnd} ms`, "target < 2000 ms"],
      [
        "last training step → results comment",
        `${comment.createdAt.getTime() - lastTrainingStep} ms`,
        "approx. (run start + elapsed at its last step); includes the eval-run job",
      ],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\nqueue benchmark: ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), worker on lavapipe\n`,
    );
    console.log(`${"figure".padEnd(width)}  ${"value".padStart(9)}  note`);
    for (const [name, value, note] of rows)
      console.log(`${name.padEnd(width)}  ${value.padStart(9)}  ${note}`);
  } finally {
    await worker.stop();
    await closeQueues();
    await redis.stop();
    await prisma.$disconnect();
  }
}

await main();
