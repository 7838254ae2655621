import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { shortHash } from "@/lib/format";
import { listHistory } from "@/features/artifacts/server/list-history";

export default async function HistoryPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const revisions = await loadProjectPage(slug, "project.read", (access) => listHistory({ access }));
  return (
    <form action={`/projects/${slug}/compare`} className="stack">
      <p className="muted">Every revision of the plan of record. Pick two to compare.</p>
      <table data-testid="history">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Revision</th>
            <th>Message</th>
            <th>Proposal</th>
            <th>Author</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r, i) => (
            <tr key={r.hash} data-testid="history-row">
              <td>
                <input
                  type="radio"
                  name="from"
                  value={r.hash}
                  defaultChecked={i === 1}
                  aria-label={`from ${r.hash}`}
                />
              </td>
              <td>
                <input
                  type="radio"
                  name="to"
                  value={r.hash}
                  defaultChecked={i === 0}
                  aria-label={`to ${r.hash}`}
                />
              </td>
              <td className="mono">{shortHash(r.hash)}</td>
              <td>{r.message}</td>
              <td>
                {r.proposal ? (
                  <Link href={`/projects/${slug}/proposals/${r.proposal.number}`}>
                    #{r.proposal.number} {r.proposal.title}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td>{r.author}</td>
              <td className="muted">{new Date(r.createdAt).toLocaleString("en-GB")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button type="submit" className="secondary" disabled={revisions.length < 2}>
          Compare selected
        </button>
      </div>
    </form>
  );
}
