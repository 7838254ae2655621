import "server-only";
import { getPrisma } from "@forge/db";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { toDatasetSummary } from "./dataset-summary";

/** The Data tab: every dataset of the project with its card summary, state and progress. */
export async function listDatasets({ access }: { access: TProjectAccess }) {
  const datasets = await getPrisma().dataset.findMany({
    where: { projectId: access.projectId },
    orderBy: [{ auditOnly: "asc" }, { name: "asc" }],
  });
  return datasets.map(toDatasetSummary);
}
