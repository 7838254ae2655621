"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/api-client";

/** POSTs a check action, then refetches the checks and the server-rendered page (merge box, thread). */
export function useCheckAction(slug: string, number: number) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: ({ url, body }: { url: string; body?: unknown }) =>
      apiFetch(url, { method: "POST", body: body ?? {} }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["checks", slug, number] });
      router.refresh();
    },
  });
}
