import { apiRoute, readJson } from "@/lib/api";
import { ZCommitChanges, ZProposalNumber } from "@/features/proposals/schemas";
import { commitToProposal } from "@/features/proposals/server/commit-to-proposal";

export const POST = apiRoute<{ slug: string; number: string }>(async ({ request, params, userId }) =>
  commitToProposal({
    slug: params.slug,
    userId,
    number: ZProposalNumber.parse(params.number),
    input: await readJson(request, ZCommitChanges),
  }),
);
