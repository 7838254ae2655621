"use client";
import { useApiMutation } from "@/features/proposals/hooks/use-api-mutation";

/** Adds the opt-in audit demo sources (real PII and offensive text; never in a mix) and queues their ingest. */
export function AddAuditDemoButton({ slug }: { slug: string }) {
  const add = useApiMutation<Record<string, never>>(`/api/projects/${slug}/datasets/audit-demo`);
  return (
    <div className="row">
      <button className="secondary" onClick={() => add.mutate({})} disabled={add.isPending}>
        Add audit demo source
      </button>
      {add.error && <span className="error">{add.error.message}</span>}
    </div>
  );
}
