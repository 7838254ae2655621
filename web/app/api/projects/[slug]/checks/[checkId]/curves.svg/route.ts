import { projectRoute } from "@/lib/api";
import { ZCheckParams } from "@/features/checks/schemas";
import { getCheckCurvesSvg } from "@/features/checks/server/get-check-curves";

export const dynamic = "force-dynamic";

export const GET = projectRoute(
  { action: "project.read", params: ZCheckParams },
  async ({ access, params }) => {
    const svg = await getCheckCurvesSvg({ access, checkId: params.checkId });
    return new Response(svg, {
      headers: {
        "content-type": "image/svg+xml; charset=utf-8",
        // Our own markup from numbers only; still, nothing in it may run.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        "cache-control": "no-store",
      },
    });
  },
);
