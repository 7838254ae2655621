import { projectRoute, readJson } from "@/lib/api";
import { ZCommitChanges, ZProposalParams } from "@/features/proposals/schemas";
import { commitToProposal } from "@/features/proposals/server/commit-to-proposal";

export const POST = projectRoute(
  { action: "proposal.commit", params: ZProposalParams },
  async ({ request, access, params }) =>
    commitToProposal({ access, number: params.number, input: await readJson(request, ZCommitChanges) }),
);
