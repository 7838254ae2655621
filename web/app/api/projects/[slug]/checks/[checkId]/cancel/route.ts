import { apiRoute } from "@/lib/api";
import { ZCheckId } from "@/features/checks/schemas";
import { cancelProposalCheck } from "@/features/checks/server/cancel-check";

export const POST = apiRoute<{ slug: string; checkId: string }>(async ({ params, userId }) =>
  cancelProposalCheck({ slug: params.slug, userId, checkId: ZCheckId.parse(params.checkId) }),
);
