import { type Job } from "bullmq";
import type { TJobPayload, auditDatasetJob } from "@forge/core/contracts";
import { AUDIT_ERROR_PREFIX, auditDataset } from "@forge/core/datasets/audit-dataset";
import type { TJobContext } from "../registry";

/** Audits a READY dataset; a failure is recorded on the dataset (it stays READY: its rows are sound). */
export async function handleAuditDataset(
  job: Job,
  { datasetId }: TJobPayload<typeof auditDatasetJob>,
  context: TJobContext,
) {
  try {
    return await auditDataset({
      prisma: context.prisma,
      datasetId,
      onProgress: (progress) => job.updateProgress(progress),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await context.prisma.dataset.update({
      where: { id: datasetId },
      data: { error: `${AUDIT_ERROR_PREFIX}${message}` },
    });
    throw error;
  }
}
