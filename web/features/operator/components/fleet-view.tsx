"use client";
import { useFleet } from "../hooks/use-fleet";

const STATUS_BADGE: Record<string, string> = { alive: "good", lost: "bad", stopped: "" };

export function FleetView() {
  const { data, error } = useFleet();
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      <h2>Workers</h2>
      <table data-testid="workers">
        <thead>
          <tr>
            <th>Worker</th>
            <th>Status</th>
            <th>Adapter</th>
            <th>Last heartbeat</th>
            <th>Current run</th>
          </tr>
        </thead>
        <tbody>
          {data.workers.map((w) => (
            <tr key={w.id} data-testid="worker-row">
              <td className="mono">{w.id}</td>
              <td>
                <span className={`badge ${STATUS_BADGE[w.status] ?? ""}`}>{w.status}</span>
              </td>
              <td>
                <span className="badge accent">{w.adapter.kind}</span>{" "}
                {w.adapter.description || w.adapter.device}
              </td>
              <td>{secondsAgo(w.lastHeartbeat)}</td>
              <td data-testid="worker-current-run">
                {w.currentRun ? (
                  <>
                    {w.currentRun.project ?? "a private project"}
                    {w.currentRun.proposal !== null && ` #${w.currentRun.proposal}`} ·{" "}
                    {w.currentRun.role.toLowerCase()} seed {w.currentRun.seed} · step {w.currentRun.step}
                  </>
                ) : (
                  <span className="mono">{w.currentRunId ?? "—"}</span>
                )}
              </td>
            </tr>
          ))}
          {data.workers.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No workers. Start one with <code>npm run -w @forge/workers start</code>.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>Queues</h2>
      <table data-testid="queues">
        <thead>
          <tr>
            <th>Queue</th>
            <th>Waiting</th>
            <th>Active</th>
            <th>Delayed</th>
            <th>Failed</th>
            <th>Completed</th>
          </tr>
        </thead>
        <tbody>
          {data.queues.map((q) => (
            <tr key={q.queue}>
              <td className="mono">{q.queue}</td>
              <td>{q.counts.waiting ?? 0}</td>
              <td>{q.counts.active ?? 0}</td>
              <td>{q.counts.delayed ?? 0}</td>
              <td>{q.counts.failed ?? 0}</td>
              <td>{q.counts.completed ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Failed jobs</h2>
      <table data-testid="failed-jobs">
        <thead>
          <tr>
            <th>Job</th>
            <th>Attempts</th>
            <th>Failed</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {data.failedJobs.map((job) => (
            <tr key={`${job.queue}/${job.id}`} data-testid="failed-job">
              <td className="mono">
                {job.name} {job.id}
              </td>
              <td>{job.attempts}</td>
              <td>{job.failedAt ? secondsAgo(job.failedAt) : "—"}</td>
              <td className="error">{job.error}</td>
            </tr>
          ))}
          {data.failedJobs.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No failed jobs.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function secondsAgo(iso: string) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return `${seconds}s ago`;
}
