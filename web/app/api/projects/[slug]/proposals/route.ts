import { z } from "zod";
import { apiRoute, readJson } from "@/lib/api";
import { ZOpenProposal } from "@/features/proposals/schemas";
import { listProposals } from "@/features/proposals/server/list-proposals";
import { openProposal } from "@/features/proposals/server/open-proposal";

type P = { slug: string };
const ZState = z.enum(["OPEN", "MERGED", "CLOSED"]).optional();

export const GET = apiRoute<P>(async ({ request, params, userId }) => ({
  proposals: await listProposals({
    slug: params.slug,
    userId,
    state: ZState.parse(request.nextUrl.searchParams.get("state") ?? undefined),
  }),
}));

export const POST = apiRoute<P>(async ({ request, params, userId }) => {
  const proposal = await openProposal({
    slug: params.slug,
    userId,
    input: await readJson(request, ZOpenProposal),
  });
  return {
    proposal: { number: proposal.number, title: proposal.title, baseRevision: proposal.baseRevision },
  };
});
