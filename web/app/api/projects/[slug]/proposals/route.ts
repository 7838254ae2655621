import { z } from "zod";
import { projectRoute, readJson } from "@/lib/api";
import { ZOpenProposal } from "@/features/proposals/schemas";
import { listProposals } from "@/features/proposals/server/list-proposals";
import { openProposal } from "@/features/proposals/server/open-proposal";

const ZState = z.enum(["OPEN", "MERGED", "CLOSED"]).optional();

export const GET = projectRoute({ action: "project.read" }, async ({ request, access }) => ({
  proposals: await listProposals({
    access,
    state: ZState.parse(request.nextUrl.searchParams.get("state") ?? undefined),
  }),
}));

export const POST = projectRoute({ action: "proposal.open" }, async ({ request, access }) => {
  const proposal = await openProposal({ access, input: await readJson(request, ZOpenProposal) });
  return {
    proposal: { number: proposal.number, title: proposal.title, baseRevision: proposal.baseRevision },
  };
});
