import { apiRoute, readJson } from "@/lib/api";
import { ZAddComment, ZProposalNumber } from "@/features/proposals/schemas";
import { addComment } from "@/features/proposals/server/add-comment";

export const POST = apiRoute<{ slug: string; number: string }>(async ({ request, params, userId }) => ({
  comment: await addComment({
    slug: params.slug,
    userId,
    number: ZProposalNumber.parse(params.number),
    input: await readJson(request, ZAddComment),
  }),
}));
