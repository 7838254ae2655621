import { projectRoute, readJson } from "@/lib/api";
import { ZAddComment, ZProposalParams } from "@/features/proposals/schemas";
import { addComment } from "@/features/proposals/server/add-comment";

export const POST = projectRoute(
  { action: "proposal.comment", params: ZProposalParams },
  async ({ request, access, params }) => ({
    comment: await addComment({ access, number: params.number, input: await readJson(request, ZAddComment) }),
  }),
);
