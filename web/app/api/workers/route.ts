import { apiRoute } from "@/lib/api";
import { listWorkers } from "@/features/operator/server/list-workers";
import { getQueueDepths } from "@/features/operator/server/get-queue-depths";
import { getFailedJobs } from "@/features/operator/server/list-failed-jobs";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => ({
  workers: await listWorkers(),
  queues: await getQueueDepths(),
  failedJobs: await getFailedJobs(),
}));
