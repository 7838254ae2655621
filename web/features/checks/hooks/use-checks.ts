"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { TChecksView } from "../server/list-checks";

const ACTIVE = ["AWAITING_APPROVAL", "QUEUED", "RUNNING"];

/** The proposal's checks; polls every second while one is waiting or running, so curves draw live. */
export function useChecks(slug: string, number: number) {
  return useQuery({
    queryKey: ["checks", slug, number],
    queryFn: () => apiFetch<TChecksView>(`/api/projects/${slug}/checks?proposal=${number}`),
    refetchInterval: (query) =>
      query.state.data?.checks.some((c) => ACTIVE.includes(c.state)) ? 1000 : false,
    staleTime: 0,
  });
}
