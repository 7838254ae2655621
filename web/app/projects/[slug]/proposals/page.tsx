import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { may } from "@/features/projects/permissions";
import { listProposals } from "@/features/proposals/server/list-proposals";

const STATE_BADGE = { OPEN: "good", MERGED: "accent", CLOSED: "" } as const;

export default async function ProposalsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { access, proposals } = await loadProjectPage(slug, "project.read", async (access) => ({
    access,
    proposals: await listProposals({ access }),
  }));
  return (
    <div className="stack">
      <div className="row">
        <h2 style={{ margin: 0, flex: 1 }}>Proposals</h2>
        {may("proposal.open", access) && (
          <Link className="button" href={`/projects/${slug}/proposals/new`}>
            New proposal
          </Link>
        )}
      </div>
      <table data-testid="proposal-list">
        <tbody>
          {proposals.map((p) => (
            <tr key={p.number}>
              <td style={{ width: 60 }} className="mono">
                #{p.number}
              </td>
              <td>
                <Link href={`/projects/${slug}/proposals/${p.number}`}>{p.title}</Link>
                <div className="muted">
                  by {p.author} · {new Date(p.createdAt).toLocaleDateString("en-GB")} · {p.comments} comments
                </div>
              </td>
              <td>
                <span className={`badge ${STATE_BADGE[p.state]}`}>{p.state.toLowerCase()}</span>
              </td>
            </tr>
          ))}
          {proposals.length === 0 && (
            <tr>
              <td className="muted">No proposals yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
