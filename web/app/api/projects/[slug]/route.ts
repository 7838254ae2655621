import { apiRoute, readJson } from "@/lib/api";
import { ZUpdateProject } from "@/features/projects/schemas";
import { getProject } from "@/features/projects/server/get-project";
import { updateProject } from "@/features/projects/server/update-project";

type P = { slug: string };

export const GET = apiRoute<P>(async ({ params, userId }) => getProject({ slug: params.slug, userId }));

export const PATCH = apiRoute<P>(async ({ request, params, userId }) => ({
  project: await updateProject({ slug: params.slug, userId, input: await readJson(request, ZUpdateProject) }),
}));
