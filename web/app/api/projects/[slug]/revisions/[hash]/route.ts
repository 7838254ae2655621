import { z } from "zod";
import { projectRoute } from "@/lib/api";
import { notFound } from "@/lib/errors";
import { getPlanOfRecord } from "@/features/artifacts/server/get-plan-of-record";

/** A revision's documents and derived figures; `main` names the plan of record's head. */
export const GET = projectRoute(
  { action: "project.read", params: z.object({ hash: z.string() }) },
  async ({ access, params }) => {
    const plan = await getPlanOfRecord({
      access,
      revision: params.hash === "main" ? undefined : params.hash,
    });
    if (!plan) throw notFound("Plan of record");
    return plan;
  },
);
