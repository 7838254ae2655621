import "server-only";
import { getPrisma } from "@forge/db";
import { queueCheck, type TQueuedCheck } from "@forge/core/experiments/queue-check";
import { env } from "@/lib/env";

/**
 * The proposal write does not wait longer than this for its check: with Redis down, BullMQ holds the adds
 * until it reconnects (they still land then), and the write has already committed.
 */
const QUEUE_WAIT_MS = 3000;

/**
 * Queues the training check of a proposal's new head. Called after the proposal write committed: a failure
 * here (Redis down) is logged and never undoes or fails the write; "Re-run checks" queues it later.
 */
export async function queueChecks(options: { proposalId: string; userId: string | null }) {
  const queued = (async () =>
    queueCheck({
      prisma: getPrisma(),
      redisUrl: env().REDIS_URL,
      proposalId: options.proposalId,
      requestedById: options.userId,
    }))().catch((error: unknown): TQueuedCheck => {
    console.error(`queueing checks for proposal ${options.proposalId} failed:`, error);
    return null;
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<TQueuedCheck>((resolve) => {
    timer = setTimeout(() => {
      console.error(`queueing checks for proposal ${options.proposalId}: still waiting on Redis, continuing`);
      resolve(null);
    }, QUEUE_WAIT_MS);
  });
  try {
    return await Promise.race([queued, waited]);
  } finally {
    clearTimeout(timer);
  }
}
