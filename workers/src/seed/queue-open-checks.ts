// `tsx workers/src/seed/queue-open-checks.ts`: queues the training check of every open proposal that has none
// for its current head and main, as opening the proposal in the app would have. The seed writes the demo's
// proposals straight into the database, so the demo calls this once its worker is about to start; running it
// again queues nothing new (queueCheck returns the check already queued, running or passed).
import { createPrismaClient } from "@forge/db";
import { queueCheck } from "@forge/core/experiments/queue-check";
import { closeQueues } from "@forge/core/queue";

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
  console.error("DATABASE_URL and REDIS_URL must be set");
  process.exit(1);
}
const prisma = createPrismaClient(databaseUrl);
try {
  const proposals = await prisma.proposal.findMany({
    where: { state: "OPEN", project: { checksEnabled: true } },
    include: { project: { select: { slug: true } } },
    orderBy: [{ projectId: "asc" }, { number: "asc" }],
  });
  for (const proposal of proposals) {
    const queued = await queueCheck({
      prisma,
      redisUrl,
      proposalId: proposal.id,
      requestedById: proposal.authorId,
    });
    if (!queued) continue;
    const what = queued.reused
      ? `already ${queued.state.toLowerCase()}`
      : `queued (${queued.state.toLowerCase()})`;
    console.log(`checks: ${proposal.project.slug} #${proposal.number} ${what}`);
  }
} finally {
  await Promise.all([prisma.$disconnect(), closeQueues()]);
}
