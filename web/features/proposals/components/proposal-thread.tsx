import type { TProposalView } from "../server/get-proposal";
import { CommentForm } from "./proposal-actions";

type TComment = TProposalView["comments"][number];

/** Comments in order, replies under their parent; markdown was rendered and sanitised on the server. */
export function ProposalThread({
  view,
  slug,
  canComment,
}: {
  view: TProposalView;
  slug: string;
  canComment: boolean;
}) {
  const replies = new Map<string, TComment[]>();
  for (const c of view.comments)
    if (c.parentId) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  const timeline = [
    ...view.comments.filter((c) => !c.parentId).map((c) => ({ at: c.createdAt, comment: c })),
    ...view.reviews.map((r) => ({ at: r.createdAt, review: r })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <div className="stack" data-testid="thread">
      {timeline.map((item) =>
        "comment" in item ? (
          <div key={item.comment.id} className="card" data-testid="comment">
            <div className="row muted">
              <strong>{item.comment.author}</strong>
              {item.comment.system && <span className="badge accent">forge</span>}
              {item.comment.anchor && <span className="badge mono">on {item.comment.anchor}</span>}
              <span>{new Date(item.comment.createdAt).toLocaleString("en-GB")}</span>
            </div>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: item.comment.bodyHtml }} />
            {(replies.get(item.comment.id) ?? []).map((reply) => (
              <div
                key={reply.id}
                style={{ borderLeft: "2px solid var(--border)", paddingLeft: 12, marginTop: 8 }}
              >
                <div className="muted">
                  <strong>{reply.author}</strong> replied
                </div>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: reply.bodyHtml }} />
              </div>
            ))}
            {canComment && (
              <CommentForm slug={slug} number={view.proposal.number} parentId={item.comment.id} />
            )}
          </div>
        ) : "review" in item ? (
          <div key={item.review.id} className="card" data-testid="review">
            <div className="row">
              <strong>{item.review.author}</strong>
              <span
                className={`badge ${item.review.verdict === "APPROVE" ? "good" : item.review.verdict === "REQUEST_CHANGES" ? "bad" : ""}`}
              >
                {item.review.verdict === "APPROVE"
                  ? "approved"
                  : item.review.verdict === "REQUEST_CHANGES"
                    ? "requested changes"
                    : "reviewed"}
              </span>
              <span className="muted mono">at {item.review.revision.slice(0, 10)}</span>
            </div>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: item.review.bodyHtml }} />
          </div>
        ) : null,
      )}
    </div>
  );
}
