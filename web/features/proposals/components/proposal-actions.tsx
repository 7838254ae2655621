"use client";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useApiMutation } from "../hooks/use-api-mutation";

type TBase = { slug: string; number: number };

export function CommentForm({ slug, number, parentId }: TBase & { parentId?: string }) {
  const searchParams = useSearchParams();
  const [body, setBody] = useState("");
  // A diff row's comment link arrives as ?anchor=architecture.yaml#/layers/2.
  const [anchor, setAnchor] = useState(parentId ? "" : (searchParams.get("anchor") ?? ""));
  const comment = useApiMutation<{ body: string; parentId?: string; anchor?: string }>(
    `/api/projects/${slug}/proposals/${number}/comments`,
  );
  return (
    <form
      className="stack"
      id={parentId ? undefined : "new-comment"}
      onSubmit={(event) => {
        event.preventDefault();
        comment.mutate(
          { body, ...(parentId ? { parentId } : {}), ...(anchor ? { anchor } : {}) },
          { onSuccess: () => (setBody(""), setAnchor("")) },
        );
      }}
    >
      <textarea
        aria-label={parentId ? "reply" : "comment"}
        rows={parentId ? 2 : 4}
        placeholder={parentId ? "Reply…" : "Leave a comment (markdown)"}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <div className="row">
        {!parentId && (
          <input
            aria-label="anchor"
            placeholder="on artifact path, e.g. architecture.yaml#/layers/2"
            style={{ flex: 1 }}
            value={anchor}
            onChange={(e) => setAnchor(e.target.value)}
          />
        )}
        <button type="submit" className="secondary" disabled={comment.isPending || body.trim() === ""}>
          {parentId ? "Reply" : "Comment"}
        </button>
      </div>
      {comment.error && <p className="error">{comment.error.message}</p>}
    </form>
  );
}

/** `head` is the revision the page shows: the review is refused if the proposal moved on since. */
export function ReviewForm({ slug, number, head }: TBase & { head: string }) {
  const [body, setBody] = useState("");
  const review = useApiMutation<{ verdict: string; body: string; revision: string }>(
    `/api/projects/${slug}/proposals/${number}/reviews`,
  );
  const submit = (verdict: string) =>
    review.mutate({ verdict, body, revision: head }, { onSuccess: () => setBody("") });
  return (
    <div className="stack">
      <textarea
        aria-label="review"
        rows={2}
        placeholder="Review summary"
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <div className="row">
        <button onClick={() => submit("APPROVE")} disabled={review.isPending}>
          Approve
        </button>
        <button className="danger" onClick={() => submit("REQUEST_CHANGES")} disabled={review.isPending}>
          Request changes
        </button>
      </div>
      {review.error && <p className="error">{review.error.message}</p>}
    </div>
  );
}

export function MergeButton({ slug, number, ready }: TBase & { ready: boolean }) {
  const merge = useApiMutation<Record<string, never>>(`/api/projects/${slug}/proposals/${number}/merge`);
  return (
    <div className="stack">
      <div>
        <button onClick={() => merge.mutate({})} disabled={!ready || merge.isPending}>
          Merge into main
        </button>
      </div>
      {merge.error && (
        <p className="error" data-testid="merge-error">
          {merge.error.message}
        </p>
      )}
    </div>
  );
}

export function CloseButton({ slug, number }: TBase) {
  const close = useApiMutation<Record<string, never>>(`/api/projects/${slug}/proposals/${number}/close`);
  return (
    <button className="secondary" onClick={() => close.mutate({})} disabled={close.isPending}>
      Close proposal
    </button>
  );
}
