import { projectRoute } from "@/lib/api";
import { ZCheckParams } from "@/features/checks/schemas";
import { cancelProposalCheck } from "@/features/checks/server/cancel-check";

export const POST = projectRoute({ action: "check.cancel", params: ZCheckParams }, ({ access, params }) =>
  cancelProposalCheck({ access, checkId: params.checkId }),
);
