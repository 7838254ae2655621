import "server-only";
import { getPrisma } from "@forge/db";
import { auditDemoSources } from "@forge/core/data";
import { ingestDatasetJob } from "@forge/core/contracts";
import { datasetOrigin, datasetProgress } from "@forge/core/datasets/json-columns";
import { enqueue } from "@forge/core/queue";
import { env } from "@/lib/env";
import { conflict } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";

/**
 * Adds the packaged audit demo sources (real PII and offensive text, e.g. nlp-corpus-audit) to a project and
 * queues their ingest. Their cards say audit_only, so no data mix may use them.
 */
export async function addAuditDemoSource({ access }: { access: TProjectAccess<"dataset.add"> }) {
  const prisma = getPrisma();
  const added: string[] = [];
  for (const source of auditDemoSources) {
    const origin = datasetOrigin.write({ kind: "package", source: source.name });
    const existing = await prisma.dataset.findUnique({
      where: { projectId_name: { projectId: access.projectId, name: source.name } },
    });
    if (existing && existing.state !== "FAILED") continue;
    const dataset = await prisma.$transaction(async (tx) => {
      const row = existing
        ? await tx.dataset.update({ where: { id: existing.id }, data: { state: "INGESTING", error: null } })
        : await tx.dataset.create({
            data: {
              projectId: access.projectId,
              name: source.name,
              origin,
              auditOnly: true,
              progress: datasetProgress.write({ phase: "queued" }),
            },
          });
      await recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "dataset.add-audit-demo",
        target: `dataset:${source.name}`,
      });
      return row;
    });
    await enqueue(
      ingestDatasetJob,
      { datasetId: dataset.id },
      { redisUrl: env().REDIS_URL, jobId: `ingest-${dataset.id}-${Date.now()}` },
    );
    added.push(source.name);
  }
  if (added.length === 0) throw conflict("the audit demo sources are already in this project");
  return { added };
}
