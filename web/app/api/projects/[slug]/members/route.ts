import { apiRoute, readJson } from "@/lib/api";
import { ZSetMemberRole } from "@/features/projects/schemas";
import { setMemberRole } from "@/features/projects/server/set-member-role";

export const PUT = apiRoute<{ slug: string }>(async ({ request, params, userId }) =>
  setMemberRole({ slug: params.slug, userId, input: await readJson(request, ZSetMemberRole) }),
);
