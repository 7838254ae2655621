import "server-only";
import type { Prisma } from "@forge/db";

/** Written inside the same transaction as the mutation it records, so neither exists without the other. */
export function recordAuditEvent(
  tx: Prisma.TransactionClient,
  event: {
    actorId: string | null;
    projectId: string | null;
    action: string;
    target: string;
    detail?: Prisma.InputJsonValue;
  },
) {
  return tx.auditEvent.create({ data: { ...event, detail: event.detail ?? {} } });
}
