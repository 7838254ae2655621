import { projectRoute } from "@/lib/api";
import { ZProposalParams } from "@/features/proposals/schemas";
import { mergeProposal } from "@/features/proposals/server/merge-proposal";

export const POST = projectRoute(
  { action: "proposal.merge", params: ZProposalParams },
  ({ access, params }) => mergeProposal({ access, number: params.number }),
);
