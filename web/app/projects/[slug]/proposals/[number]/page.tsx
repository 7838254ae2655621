import Link from "next/link";
import { notFound } from "next/navigation";
import { shortHash } from "@/lib/format";
import { loadProjectPage } from "@/lib/load-project-page";
import { may } from "@/features/projects/permissions";
import { ZProposalNumber } from "@/features/proposals/schemas";
import { getProposal } from "@/features/proposals/server/get-proposal";
import { DiffView } from "@/features/artifacts/components/diff-view";
import { MixAuditDelta } from "@/features/data/components/mix-audit-delta";
import { ProposalThread } from "@/features/proposals/components/proposal-thread";
import { ChecksPanel } from "@/features/checks/components/checks-panel";
import {
  CloseButton,
  CommentForm,
  MergeButton,
  ReviewForm,
} from "@/features/proposals/components/proposal-actions";

const STATE_BADGE = { OPEN: "good", MERGED: "accent", CLOSED: "" } as const;

export default async function ProposalPage({
  params,
}: {
  params: Promise<{ slug: string; number: string }>;
}) {
  const { slug, number: raw } = await params;
  const number = ZProposalNumber.safeParse(raw);
  if (!number.success) notFound();
  const { access, view } = await loadProjectPage(slug, "project.read", async (access) => ({
    access,
    view: await getProposal({ access, number: number.data }),
  }));
  const { proposal } = view;
  const open = proposal.state === "OPEN";
  const caller = { ...access, isAuthor: view.viewerIsAuthor };
  const canEdit = open && may("proposal.commit", caller);
  const canClose = open && may("proposal.close", caller);
  const canComment = may("proposal.comment", caller);
  return (
    <div className="stack">
      <div className="row">
        <h2 style={{ margin: 0 }} data-testid="proposal-title">
          {proposal.title} <span className="muted">#{proposal.number}</span>
        </h2>
        <span className={`badge ${STATE_BADGE[proposal.state]}`} data-testid="proposal-state">
          {proposal.state.toLowerCase()}
        </span>
      </div>
      <p className="muted">
        {proposal.author} proposes changes from base <code>{shortHash(proposal.baseRevision)}</code> · head{" "}
        <code>{shortHash(proposal.headRevision)}</code>
        {proposal.mergedRevision && (
          <>
            {" "}
            · merged as <code>{shortHash(proposal.mergedRevision)}</code>
          </>
        )}
      </p>
      <div className="markdown" dangerouslySetInnerHTML={{ __html: proposal.bodyHtml }} />
      {(canEdit || canClose) && (
        <div className="row">
          {canEdit && (
            <Link className="button" href={`/projects/${slug}/proposals/${proposal.number}/edit`}>
              Edit artifacts
            </Link>
          )}
          {canClose && <CloseButton slug={slug} number={proposal.number} />}
        </div>
      )}

      <h2>Changes</h2>
      <DiffView diff={view.diff} commentable={canComment} />
      <MixAuditDelta projectId={access.projectId} baseDocs={view.baseDocs} headDocs={view.headDocs} />

      <ChecksPanel slug={slug} number={proposal.number} />

      <h2>Conversation</h2>
      <ProposalThread view={view} slug={slug} canComment={canComment} />
      {canComment && (
        <div className="card">
          <CommentForm slug={slug} number={proposal.number} />
        </div>
      )}

      {open && may("proposal.merge", caller) && (
        <div className="card stack" data-testid="merge-box">
          <h3 style={{ margin: 0 }}>Review and merge</h3>
          {may("proposal.approve", caller) && !view.viewerIsAuthor && (
            <ReviewForm slug={slug} number={proposal.number} head={proposal.headRevision} />
          )}
          {view.readiness.ready ? (
            <p className="muted">Approved by {view.readiness.approvals.join(", ")}; ready to merge.</p>
          ) : (
            <ul className="muted" data-testid="merge-blockers">
              {view.readiness.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
          <MergeButton slug={slug} number={proposal.number} ready={view.readiness.ready} />
        </div>
      )}
    </div>
  );
}
