import { apiRoute, readJson } from "@/lib/api";
import { ZProposalNumber, ZSubmitReview } from "@/features/proposals/schemas";
import { submitReview } from "@/features/proposals/server/submit-review";

export const POST = apiRoute<{ slug: string; number: string }>(async ({ request, params, userId }) => ({
  review: await submitReview({
    slug: params.slug,
    userId,
    number: ZProposalNumber.parse(params.number),
    input: await readJson(request, ZSubmitReview),
  }),
}));
