import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { shortHash } from "@/lib/format";
import { may } from "@/features/projects/permissions";
import { getPlanOfRecord } from "@/features/artifacts/server/get-plan-of-record";
import { ArtifactList } from "@/features/artifacts/components/artifact-list";
import { DerivedFigures } from "@/features/artifacts/components/derived-figures";

export default async function PlanOfRecordPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { access, plan } = await loadProjectPage(slug, "project.read", async (access) => ({
    access,
    plan: await getPlanOfRecord({ access }),
  }));
  if (!plan) return <p className="muted">This project has no plan of record yet.</p>;
  return (
    <div className="stack">
      <div className="row">
        <span>
          <strong>main</strong> at <code>{shortHash(plan.revision.hash)}</code>: {plan.revision.message}
        </span>
        {may("proposal.open", access) && (
          <Link className="button" href={`/projects/${slug}/proposals/new`}>
            Propose a change
          </Link>
        )}
      </div>
      {plan.derived && <DerivedFigures derived={plan.derived} />}
      <h2>Artifacts</h2>
      <ArtifactList docs={plan.docs} />
    </div>
  );
}
