import { NewProposalForm } from "@/features/proposals/components/new-proposal-form";

export default async function NewProposalPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <h2>Open a proposal</h2>
      <p className="muted">A proposal starts as a copy of the plan of record; edit its artifacts next.</p>
      <NewProposalForm slug={slug} />
    </>
  );
}
