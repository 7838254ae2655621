"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { MAX_UPLOAD_BYTES } from "../schemas";

/** Maintainers upload a JSONL, plain-text or Parquet file; the server stores it and queues its ingest. */
export function UploadDatasetForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (form: FormData) => {
      const response = await fetch(`/api/projects/${slug}/datasets`, { method: "POST", body: form });
      const payload = (await response.json().catch(() => ({}))) as {
        error?: string;
        dataset?: { name: string };
      };
      if (!response.ok) throw new Error(payload.error ?? `${response.status} ${response.statusText}`);
      if (!payload.dataset) throw new Error("the server answered without the dataset");
      return payload.dataset;
    },
    onSuccess: (dataset) => router.push(`/projects/${slug}/data/${dataset.name}`),
    onError: (e: Error) => setError(e.message),
  });
  return (
    <form
      className="stack"
      data-testid="upload-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        upload.mutate(new FormData(event.currentTarget));
      }}
    >
      <div className="row" style={{ flexWrap: "wrap" }}>
        <label>
          Name <input name="name" required pattern="[a-z0-9][a-z0-9_\-]{0,63}" placeholder="my-corpus" />
        </label>
        <label>
          Licence (SPDX) <input name="license" required placeholder="CC-BY-4.0" />
        </label>
        <label>
          File <input name="file" type="file" required accept=".jsonl,.txt,.parquet" />
        </label>
      </div>
      <textarea
        name="description"
        rows={2}
        placeholder="Where the text comes from and how it was collected"
      />
      <div className="row">
        <button type="submit" disabled={upload.isPending}>
          {upload.isPending ? "Uploading…" : "Upload and ingest"}
        </button>
        <span className="muted">
          JSONL (a &quot;text&quot; field per line), plain text or Parquet, up to{" "}
          {MAX_UPLOAD_BYTES / 1024 / 1024} MiB.
        </span>
      </div>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
