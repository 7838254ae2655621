import { apiRoute } from "@/lib/api";
import { ZCheckId } from "@/features/checks/schemas";
import { getCheckCurvesSvg } from "@/features/checks/server/get-check-curves";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ slug: string; checkId: string }>(async ({ params, userId }) => {
  const svg = await getCheckCurvesSvg({ slug: params.slug, userId, checkId: ZCheckId.parse(params.checkId) });
  return new Response(svg, {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      // Our own markup from numbers only; still, nothing in it may run.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "cache-control": "no-store",
    },
  });
});
