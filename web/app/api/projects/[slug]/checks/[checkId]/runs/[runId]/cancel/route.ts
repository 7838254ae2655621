import { apiRoute } from "@/lib/api";
import { ZCancelRunParams } from "@/features/checks/schemas";
import { cancelCheckRun } from "@/features/checks/server/cancel-run";

export const POST = apiRoute<{ slug: string; checkId: string; runId: string }>(async ({ params, userId }) =>
  cancelCheckRun({ slug: params.slug, userId, ...ZCancelRunParams.parse(params) }),
);
