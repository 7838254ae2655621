import { apiRoute } from "@/lib/api";
import { notFound } from "@/lib/errors";
import { getPlanOfRecord } from "@/features/artifacts/server/get-plan-of-record";

/** A revision's documents and derived figures; `main` names the plan of record's head. */
export const GET = apiRoute<{ slug: string; hash: string }>(async ({ params, userId }) => {
  const plan = await getPlanOfRecord({
    slug: params.slug,
    userId,
    revision: params.hash === "main" ? undefined : params.hash,
  });
  if (!plan) throw notFound("Plan of record");
  return plan;
});
