import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { getDataset } from "@/features/data/server/get-dataset";
import { AuditSummaryView } from "@/features/data/components/audit-summary-view";
import { DatasetCardView } from "@/features/data/components/dataset-card-view";
import { DatasetLiveStatus } from "@/features/data/components/dataset-live-status";
import { DatasetStatsView } from "@/features/data/components/dataset-stats-view";

export default async function DatasetPage({ params }: { params: Promise<{ slug: string; name: string }> }) {
  const { slug, name } = await params;
  const view = await loadProjectPage(slug, "project.read", (access) => getDataset({ access, name }));
  const ready = view.dataset.state === "READY";
  const audited = ready && view.audit?.contentHash === view.dataset.contentHash;
  return (
    <div className="stack">
      <div className="row">
        <h2 style={{ margin: 0, flex: 1 }} className="mono" data-testid="dataset-name">
          {view.dataset.name}
        </h2>
        {ready && (
          <Link className="button" href={`/projects/${slug}/data/browse?dataset=${name}`}>
            Browse rows
          </Link>
        )}
      </div>
      <DatasetLiveStatus slug={slug} dataset={view.dataset} audited={audited} />
      <h2>Card</h2>
      <DatasetCardView view={view} />
      {view.statistics && (
        <>
          <h2>Statistics</h2>
          <DatasetStatsView statistics={view.statistics} />
        </>
      )}
      <h2>Audit</h2>
      {audited && view.audit ? (
        <AuditSummaryView slug={slug} name={name} audit={view.audit} />
      ) : (
        <p className="muted">{ready ? "The audit is queued or running." : "Audited once ingested."}</p>
      )}
    </div>
  );
}
