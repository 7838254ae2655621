"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { TDatasetSummary } from "../server/dataset-summary";
import { useDatasetStatus } from "../hooks/use-dataset-status";
import { DatasetStateBadge } from "./dataset-state-badge";

/**
 * State, live progress while ingesting or auditing, and the error of a failed job; reloads the page when the
 * dataset becomes ready, fails, or its audit lands.
 */
export function DatasetLiveStatus({
  slug,
  dataset,
  audited,
}: {
  slug: string;
  dataset: TDatasetSummary;
  audited: boolean;
}) {
  const { data: status } = useDatasetStatus(slug, dataset.name, { dataset, audited });
  const data = status.dataset;
  const router = useRouter();
  const shown = useRef(`${dataset.state}/${audited}`);
  useEffect(() => {
    const now = `${data.state}/${status.audited}`;
    if (now !== shown.current) {
      shown.current = now;
      router.refresh();
    }
  }, [data.state, status.audited, router]);
  const percent = data.progress.percent ?? 0;
  return (
    <div className="stack" data-testid="dataset-status">
      <div className="row">
        <DatasetStateBadge dataset={data} />
        {data.state === "INGESTING" && (
          <span className="muted mono" data-testid="dataset-progress">
            {data.progress.rows ?? 0} / {data.progress.totalRows ?? "?"} rows
          </span>
        )}
      </div>
      {data.state === "INGESTING" && (
        <div style={{ background: "var(--panel-2)", height: 6, width: "100%", maxWidth: 400 }}>
          <div style={{ background: "var(--accent)", height: 6, width: `${percent}%` }} />
        </div>
      )}
      {data.error && (
        <p className="error" data-testid="dataset-error">
          {data.error}
        </p>
      )}
    </div>
  );
}
