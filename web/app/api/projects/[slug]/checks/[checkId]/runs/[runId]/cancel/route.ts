import { projectRoute } from "@/lib/api";
import { ZCancelRunParams } from "@/features/checks/schemas";
import { cancelCheckRun } from "@/features/checks/server/cancel-run";

export const POST = projectRoute({ action: "check.cancel", params: ZCancelRunParams }, ({ access, params }) =>
  cancelCheckRun({ access, ...params }),
);
