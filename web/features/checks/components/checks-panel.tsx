"use client";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { shortHash } from "@/lib/format";
import { useChecks } from "../hooks/use-checks";
import { useCheckAction } from "../hooks/use-check-action";
import type { TCheckView } from "../server/list-checks";
import { CheckResults } from "./check-results";
import { LossCurves } from "./loss-curves";

const STATE_BADGE: Record<string, string> = {
  AWAITING_APPROVAL: "warn",
  QUEUED: "",
  RUNNING: "accent",
  PASSED: "good",
  FAILED: "bad",
  STALE: "warn",
  CANCELLED: "",
};

function duration(seconds: number | null) {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The proposal's training checks: live loss curves with ETA, results, and cancel / approve / re-run. */
export function ChecksPanel({ slug, number }: { slug: string; number: number }) {
  const { data, error } = useChecks(slug, number);
  const action = useCheckAction(slug, number);
  const router = useRouter();
  // When a check ends, the thread (results comment) and the merge box change too: re-render the page.
  const latestState = data?.checks[0]?.state;
  const previousState = useRef(latestState);
  useEffect(() => {
    const wasActive = ["AWAITING_APPROVAL", "QUEUED", "RUNNING"].includes(previousState.current ?? "");
    if (wasActive && latestState !== previousState.current) router.refresh();
    previousState.current = latestState;
  }, [latestState, router]);
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="muted">Loading checks…</p>;
  const [latest, ...older] = data.checks;
  return (
    <div className="card stack" data-testid="checks-panel">
      <div className="row">
        <h3 style={{ margin: 0 }}>Checks</h3>
        {data.canRerun && (
          <button
            type="button"
            className="secondary"
            disabled={action.isPending}
            onClick={() => action.mutate({ url: `/api/projects/${slug}/checks`, body: { proposal: number } })}
          >
            Re-run checks
          </button>
        )}
      </div>
      {action.error && <p className="error">{action.error.message}</p>}
      {latest ? (
        <CheckCard
          check={latest}
          slug={slug}
          onAction={(url) => action.mutate({ url })}
          busy={action.isPending}
        />
      ) : (
        <p className="muted">No checks yet: they run when the head differs from main and checks are on.</p>
      )}
      {older.length > 0 && (
        <ul className="muted">
          {older.map((c) => (
            <li key={c.id}>
              {new Date(c.createdAt).toLocaleString("en-GB")} · head <code>{shortHash(c.revision)}</code> ·{" "}
              {c.state.toLowerCase()}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CheckCard({
  check,
  slug,
  onAction,
  busy,
}: {
  check: TCheckView;
  slug: string;
  onAction: (url: string) => void;
  busy: boolean;
}) {
  const base = `/api/projects/${slug}/checks/${check.id}`;
  const running = check.state === "QUEUED" || check.state === "RUNNING";
  return (
    <div className="stack" data-testid="check">
      <div className="row">
        <span className={`badge ${STATE_BADGE[check.state] ?? ""}`} data-testid="check-state">
          {check.state.toLowerCase().replace("_", " ")}
        </span>
        <span className="muted">
          {check.kind} · head <code>{shortHash(check.revision)}</code> vs main{" "}
          <code>{shortHash(check.summary.baseRevision)}</code> · estimate {duration(check.estimateGpuSeconds)}{" "}
          GPU
          {running && <> · ETA {duration(check.etaSeconds)}</>}
        </span>
        {check.canCancel && (
          <button type="button" className="danger" disabled={busy} onClick={() => onAction(`${base}/cancel`)}>
            Cancel check
          </button>
        )}
        {check.canApprove && (
          <button type="button" disabled={busy} onClick={() => onAction(`${base}/approve`)}>
            Approve run
          </button>
        )}
      </div>
      {check.state === "AWAITING_APPROVAL" && (
        <p className="muted" data-testid="awaiting-approval">
          Over budget: {check.summary.requestedBy} has spent or committed{" "}
          {check.summary.budget.spentGpuSeconds.toFixed(0)} of{" "}
          {check.summary.budget.limitGpuSeconds.toFixed(0)} GPU-seconds this month and this check needs about{" "}
          {check.estimateGpuSeconds.toFixed(0)}. A maintainer must approve it.
        </p>
      )}
      {check.summary.error && check.state !== "PASSED" && (
        <p className="error" data-testid="check-error">
          {check.summary.error}
        </p>
      )}
      <LossCurves curves={check.runs.map((r) => ({ role: r.role, seed: r.seed, points: r.points }))} />
      <table data-testid="check-runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>State</th>
            <th>Progress</th>
            <th>ETA</th>
            <th>Last loss</th>
            {check.canCancel && <th />}
          </tr>
        </thead>
        <tbody>
          {check.runs.map((run) => {
            // A run stays RUNNING after its last step until eval-run has scored it.
            const evaluating = run.state === "RUNNING" && run.step >= run.steps;
            return (
              <tr key={run.id} data-testid="check-run">
                <td>
                  {run.role.toLowerCase()} · seed {run.seed}
                  {run.reused && <span className="muted"> (cached)</span>}
                </td>
                <td title={run.error ?? undefined}>{evaluating ? "evaluating" : run.state.toLowerCase()}</td>
                <td>
                  {run.step}/{run.steps} steps
                </td>
                <td>{run.state === "RUNNING" && !evaluating ? duration(run.etaSeconds) : "—"}</td>
                <td>{run.points.at(-1)?.loss.toFixed(3) ?? "—"}</td>
                {check.canCancel && (
                  <td>
                    {(run.state === "QUEUED" || run.state === "RUNNING") && (
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy}
                        title="Leave this seed out; the other seeds carry on"
                        onClick={() => onAction(`${base}/runs/${run.id}/cancel`)}
                      >
                        Cancel run
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {check.summary.results && <CheckResults results={check.summary.results} />}
    </div>
  );
}
