import { apiRoute } from "@/lib/api";
import { ZProposalNumber } from "@/features/proposals/schemas";
import { mergeProposal } from "@/features/proposals/server/merge-proposal";

export const POST = apiRoute<{ slug: string; number: string }>(async ({ params, userId }) =>
  mergeProposal({ slug: params.slug, userId, number: ZProposalNumber.parse(params.number) }),
);
