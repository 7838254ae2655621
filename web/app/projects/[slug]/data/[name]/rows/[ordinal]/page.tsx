import Link from "next/link";
import { notFound } from "next/navigation";
import { loadProjectPage } from "@/lib/load-project-page";
import { ZRowOrdinal } from "@/features/data/schemas";
import { getRow } from "@/features/data/server/get-row";
import { RowView } from "@/features/data/components/row-view";

export default async function RowPage({
  params,
}: {
  params: Promise<{ slug: string; name: string; ordinal: string }>;
}) {
  const { slug, name, ordinal: raw } = await params;
  const ordinal = ZRowOrdinal.safeParse(raw);
  if (!ordinal.success) notFound();
  const row = await loadProjectPage(slug, "project.read", (access) =>
    getRow({ access, name, ordinal: ordinal.data }),
  );
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }} className="mono">
        <Link href={`/projects/${slug}/data/${name}`}>{name}</Link> #{row.ordinal}
      </h2>
      <RowView row={row} />
    </div>
  );
}
