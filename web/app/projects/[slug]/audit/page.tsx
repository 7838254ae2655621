import { loadProjectPage } from "@/lib/load-project-page";
import { listAuditEvents } from "@/features/audit/server/list-audit-events";

export default async function AuditLogPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const events = await loadProjectPage(slug, "audit.read", (access) => listAuditEvents({ access }));
  return (
    <table data-testid="audit-log">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Action</th>
          <th>Target</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            <td className="muted">{new Date(e.at).toLocaleString("en-GB")}</td>
            <td>{e.actor}</td>
            <td className="mono">{e.action}</td>
            <td className="mono">{e.target}</td>
            <td className="mono">{JSON.stringify(e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
