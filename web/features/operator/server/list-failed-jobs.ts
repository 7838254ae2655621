import "server-only";
import { getPrisma } from "@forge/db";
import { QUEUES } from "@forge/core/contracts";
import { listFailedJobs } from "@forge/core/experiments/failed-jobs";
import { env } from "@/lib/env";

/**
 * Failed jobs with their errors. A job of a private project the caller cannot see keeps its name and counts
 * but not its payload or error, which name that project's data.
 */
export async function getFailedJobs(visible: Set<string>) {
  const jobs = await listFailedJobs({ redisUrl: env().REDIS_URL, queues: Object.values(QUEUES), limit: 50 });
  const ids = (key: string) =>
    jobs.map((job) => job.data[key]).filter((id): id is string => typeof id === "string");
  const prisma = getPrisma();
  const [runs, datasets] = await Promise.all([
    prisma.run.findMany({ where: { id: { in: ids("runId") } }, select: { id: true, projectId: true } }),
    prisma.dataset.findMany({
      where: { id: { in: ids("datasetId") } },
      select: { id: true, projectId: true },
    }),
  ]);
  const projectOf = new Map([...runs, ...datasets].map((row) => [row.id, row.projectId]));
  return jobs.map((job) => {
    const owner = projectOf.get(String(job.data.runId ?? job.data.datasetId));
    if (owner === undefined || visible.has(owner)) return job;
    return { ...job, data: {}, error: "(a job of a private project)" };
  });
}
