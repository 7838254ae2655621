import { apiRoute } from "@/lib/api";
import { ZCheckId } from "@/features/checks/schemas";
import { approveProposalCheck } from "@/features/checks/server/approve-check";

export const POST = apiRoute<{ slug: string; checkId: string }>(async ({ params, userId }) =>
  approveProposalCheck({ slug: params.slug, userId, checkId: ZCheckId.parse(params.checkId) }),
);
