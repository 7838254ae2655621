"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { TRowsPage } from "../server/browse-rows";

export type TRowFilters = { q: string; kind: string; dataset: string; minChars: string; maxChars: string };

/** Pages of the data browser; each page continues after the previous page's last row (keyset cursor). */
export function useDataRows(slug: string, filters: TRowFilters) {
  return useInfiniteQuery({
    queryKey: ["data-rows", slug, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<TRowsPage>(`/api/projects/${slug}/datasets/rows?${params.toString()}`);
    },
    getNextPageParam: (page) => page.nextCursor,
  });
}
