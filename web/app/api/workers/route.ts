import { apiRoute } from "@/lib/api";
import { listWorkers } from "@/features/operator/server/list-workers";
import { getQueueDepths } from "@/features/operator/server/get-queue-depths";
import { getFailedJobs } from "@/features/operator/server/list-failed-jobs";
import { visibleProjectIds } from "@/features/projects/server/list-projects";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "site.read" }, async ({ userId }) => {
  const visible = await visibleProjectIds(userId);
  return {
    workers: await listWorkers(visible),
    queues: await getQueueDepths(),
    failedJobs: await getFailedJobs(visible),
  };
});
