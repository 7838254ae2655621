import { projectRoute } from "@/lib/api";
import { ZCheckParams } from "@/features/checks/schemas";
import { approveProposalCheck } from "@/features/checks/server/approve-check";

export const POST = projectRoute({ action: "check.approve", params: ZCheckParams }, ({ access, params }) =>
  approveProposalCheck({ access, checkId: params.checkId }),
);
