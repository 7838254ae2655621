import { projectRoute, readJson } from "@/lib/api";
import { ZUpdateProject } from "@/features/projects/schemas";
import { getProject } from "@/features/projects/server/get-project";
import { updateProject } from "@/features/projects/server/update-project";

export const GET = projectRoute({ action: "project.read" }, ({ access }) => getProject({ access }));

export const PATCH = projectRoute({ action: "project.update" }, async ({ request, access }) => ({
  project: await updateProject({ access, input: await readJson(request, ZUpdateProject) }),
}));
