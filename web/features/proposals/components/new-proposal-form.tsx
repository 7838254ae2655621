"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiMutation } from "../hooks/use-api-mutation";

export function NewProposalForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const open = useApiMutation<{ title: string; body: string }, { proposal: { number: number } }>(
    `/api/projects/${slug}/proposals`,
    ({ proposal }) => router.push(`/projects/${slug}/proposals/${proposal.number}/edit`),
  );
  return (
    <form
      className="card stack"
      style={{ maxWidth: 720 }}
      onSubmit={(event) => {
        event.preventDefault();
        open.mutate({ title, body });
      }}
    >
      <label>
        Title
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Replace every 3rd attention layer with Mamba-2"
        />
      </label>
      <label>
        Description (markdown)
        <textarea rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {open.error && <p className="error">{open.error.message}</p>}
      <div>
        <button type="submit" disabled={open.isPending}>
          Open proposal from main
        </button>
      </div>
    </form>
  );
}
