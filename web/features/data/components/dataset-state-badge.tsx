import type { TDatasetSummary } from "../server/dataset-summary";

const BADGE = { READY: "good", INGESTING: "warn", FAILED: "bad" } as const;

export function DatasetStateBadge({ dataset }: { dataset: Pick<TDatasetSummary, "state" | "progress"> }) {
  const { phase, percent } = dataset.progress;
  return (
    <span className={`badge ${BADGE[dataset.state]}`} data-testid="dataset-state">
      {dataset.state.toLowerCase()}
      {dataset.state === "INGESTING" && phase
        ? ` · ${phase}${percent !== undefined ? ` ${percent}%` : ""}`
        : ""}
    </span>
  );
}
