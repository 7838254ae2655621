import { projectRoute } from "@/lib/api";
import { listHistory } from "@/features/artifacts/server/list-history";

export const GET = projectRoute({ action: "project.read" }, async ({ access }) => ({
  revisions: await listHistory({ access }),
}));
