"use client";
import { useQuery } from "@tanstack/react-query";
import type { TFailedJob } from "@forge/core/experiments/failed-jobs";
import type { TWorkerRow } from "../server/list-workers";

export type TFleet = {
  workers: TWorkerRow[];
  queues: { queue: string; counts: Record<string, number> }[];
  failedJobs: TFailedJob[];
};

export function useFleet() {
  return useQuery({
    queryKey: ["fleet"],
    queryFn: async (): Promise<TFleet> => {
      const response = await fetch("/api/workers");
      if (!response.ok) throw new Error(`GET /api/workers: ${response.status}`);
      return response.json();
    },
    refetchInterval: 2000,
  });
}
