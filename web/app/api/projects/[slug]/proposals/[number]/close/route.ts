import { apiRoute } from "@/lib/api";
import { ZProposalNumber } from "@/features/proposals/schemas";
import { closeProposal } from "@/features/proposals/server/close-proposal";

export const POST = apiRoute<{ slug: string; number: string }>(async ({ params, userId }) => ({
  proposal: await closeProposal({ slug: params.slug, userId, number: ZProposalNumber.parse(params.number) }),
}));
