import Link from "next/link";
import { notFound } from "next/navigation";
import { currentUserId } from "@/lib/auth";
import { AppError } from "@/lib/errors";
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
  const row = await getRow({ slug, userId: await currentUserId(), name, ordinal: ordinal.data }).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.status === 404) notFound();
      throw error;
    },
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
