import { apiRoute, readJson } from "@/lib/api";
import { ZListChecksQuery, ZRerunChecks } from "@/features/checks/schemas";
import { listChecks } from "@/features/checks/server/list-checks";
import { rerunChecks } from "@/features/checks/server/rerun-checks";

type P = { slug: string };

export const dynamic = "force-dynamic";

/** GET ?proposal=N: the proposal's checks with live run curves. POST { proposal }: re-run its checks. */
export const GET = apiRoute<P>(async ({ request, params, userId }) => {
  const query = ZListChecksQuery.parse({
    proposal: request.nextUrl.searchParams.get("proposal") ?? undefined,
  });
  return listChecks({ slug: params.slug, userId, number: query.proposal });
});

export const POST = apiRoute<P>(async ({ request, params, userId }) => {
  const input = await readJson(request, ZRerunChecks);
  return rerunChecks({ slug: params.slug, userId, number: input.proposal });
});
