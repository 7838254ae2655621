import { apiRoute, readJson } from "@/lib/api";
import { ZCreateProject } from "@/features/projects/schemas";
import { listProjects } from "@/features/projects/server/list-projects";
import { createProject } from "@/features/projects/server/create-project";

export const GET = apiRoute({ action: "site.read" }, async ({ userId }) => ({
  projects: await listProjects({ userId }),
}));

export const POST = apiRoute({ action: "project.create" }, async ({ request, userId }) => ({
  project: await createProject({ userId, input: await readJson(request, ZCreateProject) }),
}));
