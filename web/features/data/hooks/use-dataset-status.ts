"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { TDatasetSummary } from "../server/dataset-summary";

export type TDatasetStatus = { dataset: TDatasetSummary; audited: boolean };

/** Polls a dataset's state and progress every second until it is ingested and audited (or failed). */
export function useDatasetStatus(slug: string, name: string, initial: TDatasetStatus) {
  return useQuery({
    queryKey: ["dataset-status", slug, name],
    queryFn: async (): Promise<TDatasetStatus> => {
      const view = await apiFetch<{ dataset: TDatasetSummary; audit: { contentHash: string } | null }>(
        `/api/projects/${slug}/datasets/${name}`,
      );
      return { dataset: view.dataset, audited: view.audit?.contentHash === view.dataset.contentHash };
    },
    initialData: initial,
    refetchInterval: (query) => {
      const status = query.state.data;
      const settled =
        status !== undefined &&
        (status.dataset.state === "FAILED" || (status.dataset.state === "READY" && status.audited));
      return settled ? false : 1000;
    },
  });
}
