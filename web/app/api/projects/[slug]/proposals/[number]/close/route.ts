import { projectRoute } from "@/lib/api";
import { ZProposalParams } from "@/features/proposals/schemas";
import { closeProposal } from "@/features/proposals/server/close-proposal";

export const POST = projectRoute(
  { action: "proposal.close", params: ZProposalParams },
  async ({ access, params }) => ({ proposal: await closeProposal({ access, number: params.number }) }),
);
