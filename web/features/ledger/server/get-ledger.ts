import "server-only";
import { getPrisma } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

type TRow = { gpuSeconds: number; runs: number };

/**
 * GPU-seconds spent on the project's checks in a calendar month (UTC), in total, per user (against the
 * per-user budget) and per proposal. Base runs reused from the cache cost nothing and are not counted.
 */
export async function getLedger(options: { access: TProjectAccess; month?: string }) {
  const { access } = options;
  const prisma = getPrisma();
  const now = new Date();
  const start = options.month
    ? new Date(`${options.month}-01T00:00:00Z`)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const project = await prisma.project.findUniqueOrThrow({ where: { id: access.projectId } });

  const byUser = await prisma.$queryRaw<(TRow & { handle: string | null })[]>`
    SELECT u.handle, COALESCE(SUM(r."gpuSeconds"), 0) AS "gpuSeconds", COUNT(*)::int AS runs
    FROM "Run" r LEFT JOIN "User" u ON u.id = r."requestedById"
    WHERE r."projectId" = ${access.projectId} AND r."createdAt" >= ${start} AND r."createdAt" < ${end}
      AND r."gpuSeconds" IS NOT NULL AND r."reusedFromId" IS NULL
    GROUP BY u.handle ORDER BY "gpuSeconds" DESC`;
  const byProposal = await prisma.$queryRaw<(TRow & { number: number; title: string })[]>`
    SELECT p.number, p.title, COALESCE(SUM(r."gpuSeconds"), 0) AS "gpuSeconds", COUNT(*)::int AS runs
    FROM "Run" r JOIN "Check" c ON c.id = r."checkId" JOIN "Proposal" p ON p.id = c."proposalId"
    WHERE r."projectId" = ${access.projectId} AND r."createdAt" >= ${start} AND r."createdAt" < ${end}
      AND r."gpuSeconds" IS NOT NULL AND r."reusedFromId" IS NULL
    GROUP BY p.number, p.title ORDER BY "gpuSeconds" DESC`;
  const total = byUser.reduce((sum, row) => sum + row.gpuSeconds, 0);
  return {
    month: start.toISOString().slice(0, 7),
    project: {
      slug: project.slug,
      name: project.name,
      gpuSeconds: total,
      budgetPerUser: project.gpuBudgetPerUser,
    },
    byUser: byUser.map((row) => ({ ...row, handle: row.handle ?? "forge" })),
    byProposal,
  };
}
