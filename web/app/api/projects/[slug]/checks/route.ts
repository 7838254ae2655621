import { projectRoute, readJson } from "@/lib/api";
import { ZListChecksQuery, ZRerunChecks } from "@/features/checks/schemas";
import { listChecks } from "@/features/checks/server/list-checks";
import { rerunChecks } from "@/features/checks/server/rerun-checks";

export const dynamic = "force-dynamic";

/** GET ?proposal=N: the proposal's checks with live run curves. POST { proposal }: re-run its checks. */
export const GET = projectRoute({ action: "project.read" }, ({ request, access }) => {
  const query = ZListChecksQuery.parse({
    proposal: request.nextUrl.searchParams.get("proposal") ?? undefined,
  });
  return listChecks({ access, number: query.proposal });
});

export const POST = projectRoute({ action: "check.rerun" }, async ({ request, access }) => {
  const input = await readJson(request, ZRerunChecks);
  return rerunChecks({ access, number: input.proposal });
});
