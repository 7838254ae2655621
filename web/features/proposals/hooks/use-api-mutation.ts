"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/api-client";

/** POSTs JSON to our API and refreshes the server-rendered page on success. */
export function useApiMutation<TBody, TResult = unknown>(url: string, onSuccess?: (result: TResult) => void) {
  const router = useRouter();
  return useMutation({
    mutationFn: (body: TBody) => apiFetch<TResult>(url, { method: "POST", body }),
    onSuccess: (result) => {
      if (onSuccess) onSuccess(result);
      else router.refresh();
    },
  });
}
