import { notFound } from "next/navigation";
import { loadProjectPage } from "@/lib/load-project-page";
import { ZProposalNumber } from "@/features/proposals/schemas";
import { getProposal } from "@/features/proposals/server/get-proposal";
import { ArtifactEditor } from "@/features/proposals/components/artifact-editor";

export default async function EditProposalPage({
  params,
}: {
  params: Promise<{ slug: string; number: string }>;
}) {
  const { slug, number: raw } = await params;
  const number = ZProposalNumber.safeParse(raw);
  if (!number.success) notFound();
  const view = await loadProjectPage(slug, "project.read", (access) =>
    getProposal({ access, number: number.data }),
  );
  return (
    <>
      <h2>
        Edit artifacts of #{view.proposal.number}: {view.proposal.title}
      </h2>
      <ArtifactEditor
        slug={slug}
        number={view.proposal.number}
        headRevision={view.proposal.headRevision}
        docs={view.headDocs}
      />
    </>
  );
}
