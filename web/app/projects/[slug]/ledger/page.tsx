import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { ZLedgerMonth } from "@/features/ledger/schemas";
import { getLedger } from "@/features/ledger/server/get-ledger";

export const dynamic = "force-dynamic";

const seconds = (s: number) => s.toFixed(1);

export default async function LedgerPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ month?: string }>;
}) {
  const { slug } = await params;
  const month = ZLedgerMonth.safeParse((await searchParams).month);
  const ledger = await loadProjectPage(slug, "project.read", (access) =>
    getLedger({ access, month: month.success ? month.data : undefined }),
  );
  return (
    <div className="stack" data-testid="ledger">
      <p className="muted">
        GPU-seconds spent on checks in {ledger.month} (UTC). Each user may spend{" "}
        {ledger.project.budgetPerUser.toFixed(0)} GPU-seconds a month before a maintainer must approve their
        runs. Cached base runs cost nothing.
      </p>
      <h2>Project</h2>
      <p data-testid="ledger-total">
        <strong>{ledger.project.name}</strong>: {seconds(ledger.project.gpuSeconds)} GPU-seconds
      </p>
      <h2>By user</h2>
      <table data-testid="ledger-users">
        <thead>
          <tr>
            <th>User</th>
            <th>Runs</th>
            <th>GPU-seconds</th>
            <th>Of budget</th>
          </tr>
        </thead>
        <tbody>
          {ledger.byUser.map((row) => (
            <tr key={row.handle}>
              <td>{row.handle}</td>
              <td>{row.runs}</td>
              <td>{seconds(row.gpuSeconds)}</td>
              <td>{((100 * row.gpuSeconds) / ledger.project.budgetPerUser).toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By proposal</h2>
      <table data-testid="ledger-proposals">
        <thead>
          <tr>
            <th>Proposal</th>
            <th>Runs</th>
            <th>GPU-seconds</th>
          </tr>
        </thead>
        <tbody>
          {ledger.byProposal.map((row) => (
            <tr key={row.number}>
              <td>
                <Link href={`/projects/${slug}/proposals/${row.number}`}>
                  #{row.number} {row.title}
                </Link>
              </td>
              <td>{row.runs}</td>
              <td>{seconds(row.gpuSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
