import "server-only";
import { auditDetail, type Prisma, type TAuditDetail } from "@forge/db";

/** Written inside the same transaction as the mutation it records, so neither exists without the other. */
export function recordAuditEvent(
  tx: Prisma.TransactionClient,
  event: {
    actorId: string | null;
    projectId: string | null;
    action: string;
    target: string;
    detail?: TAuditDetail;
  },
) {
  return tx.auditEvent.create({ data: { ...event, detail: auditDetail.write(event.detail ?? {}) } });
}
