import "server-only";
import { getPrisma } from "@forge/db";
import { requireProjectRole } from "@/features/projects/server/require-project-role";
import { toDatasetSummary } from "./dataset-summary";

/** The Data tab: every dataset of the project with its card summary, state and progress. */
export async function listDatasets(options: { slug: string; userId: string | null }) {
  const access = await requireProjectRole({ ...options, needed: null });
  const datasets = await getPrisma().dataset.findMany({
    where: { projectId: access.projectId },
    orderBy: [{ auditOnly: "asc" }, { name: "asc" }],
  });
  return { access, datasets: datasets.map(toDatasetSummary) };
}
