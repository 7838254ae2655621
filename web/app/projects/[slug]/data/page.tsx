import Link from "next/link";
import { loadProjectPage } from "@/lib/load-project-page";
import { may } from "@/features/projects/permissions";
import { listDatasets } from "@/features/data/server/list-datasets";
import { DatasetList } from "@/features/data/components/dataset-list";
import { UploadDatasetForm } from "@/features/data/components/upload-dataset-form";
import { AddAuditDemoButton } from "@/features/data/components/add-audit-demo-button";

export default async function DataPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { access, datasets } = await loadProjectPage(slug, "project.read", async (access) => ({
    access,
    datasets: await listDatasets({ access }),
  }));
  return (
    <div className="stack">
      <div className="row">
        <h2 style={{ margin: 0, flex: 1 }}>Datasets</h2>
        <Link className="button" href={`/projects/${slug}/data/browse`}>
          Browse rows
        </Link>
      </div>
      <DatasetList slug={slug} datasets={datasets} />
      {may("dataset.add", access) && (
        <div className="card stack">
          <h3 style={{ margin: 0 }}>Add data</h3>
          <UploadDatasetForm slug={slug} />
          <AddAuditDemoButton slug={slug} />
        </div>
      )}
    </div>
  );
}
