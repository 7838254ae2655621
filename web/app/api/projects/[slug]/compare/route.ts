import { z } from "zod";
import { projectRoute } from "@/lib/api";
import { compareRevisions } from "@/features/artifacts/server/compare-revisions";

const ZHash = z.string().regex(/^[0-9a-f]{64}$/, "must be a revision hash");

export const GET = projectRoute({ action: "project.read" }, async ({ request, access }) => {
  const search = request.nextUrl.searchParams;
  const from = ZHash.parse(search.get("from"));
  const to = ZHash.parse(search.get("to"));
  const { diff } = await compareRevisions({ access, from, to });
  return { from, to, diff };
});
