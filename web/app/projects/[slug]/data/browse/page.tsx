import { loadProjectPage } from "@/lib/load-project-page";
import { listDatasets } from "@/features/data/server/list-datasets";
import { DataBrowser } from "@/features/data/components/data-browser";

export default async function BrowsePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const query = await searchParams;
  const datasets = await loadProjectPage(slug, "project.read", (access) => listDatasets({ access }));
  const text = (key: string) => (typeof query[key] === "string" ? query[key] : "");
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>Data browser</h2>
      <DataBrowser
        slug={slug}
        datasets={datasets.filter((d) => d.state === "READY").map((d) => d.name)}
        initial={{
          q: text("q"),
          kind: text("kind"),
          dataset: text("dataset"),
          minChars: text("minChars"),
          maxChars: text("maxChars"),
        }}
      />
    </div>
  );
}
