import { projectRoute, readJson } from "@/lib/api";
import { ZProposalParams, ZSubmitReview } from "@/features/proposals/schemas";
import { submitReview } from "@/features/proposals/server/submit-review";

export const POST = projectRoute(
  { action: "proposal.review", params: ZProposalParams },
  async ({ request, access, params }) => ({
    review: await submitReview({
      access,
      number: params.number,
      input: await readJson(request, ZSubmitReview),
    }),
  }),
);
