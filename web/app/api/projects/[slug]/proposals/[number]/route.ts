import { projectRoute } from "@/lib/api";
import { ZProposalParams } from "@/features/proposals/schemas";
import { getProposal } from "@/features/proposals/server/get-proposal";

export const GET = projectRoute({ action: "project.read", params: ZProposalParams }, ({ access, params }) =>
  getProposal({ access, number: params.number }),
);
