import { apiRoute } from "@/lib/api";
import { ZProposalNumber } from "@/features/proposals/schemas";
import { getProposal } from "@/features/proposals/server/get-proposal";

export const GET = apiRoute<{ slug: string; number: string }>(async ({ params, userId }) =>
  getProposal({ slug: params.slug, userId, number: ZProposalNumber.parse(params.number) }),
);
