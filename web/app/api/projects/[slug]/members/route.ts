import { projectRoute, readJson } from "@/lib/api";
import { ZSetMemberRole } from "@/features/projects/schemas";
import { setMemberRole } from "@/features/projects/server/set-member-role";

export const PUT = projectRoute({ action: "members.manage" }, async ({ request, access }) =>
  setMemberRole({ access, input: await readJson(request, ZSetMemberRole) }),
);
