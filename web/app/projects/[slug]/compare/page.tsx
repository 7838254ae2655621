import { z } from "zod";
import { loadProjectPage } from "@/lib/load-project-page";
import { shortHash } from "@/lib/format";
import { compareRevisions } from "@/features/artifacts/server/compare-revisions";
import { DiffView } from "@/features/artifacts/components/diff-view";

const ZCompare = z.object({
  from: z.string().regex(/^[0-9a-f]{64}$/),
  to: z.string().regex(/^[0-9a-f]{64}$/),
});

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { slug } = await params;
  const query = ZCompare.safeParse(await searchParams);
  if (!query.success) return <p className="error">Pick two revisions on the History tab.</p>;
  const result = await loadProjectPage(slug, "project.read", (access) =>
    compareRevisions({ access, ...query.data }),
  );
  return (
    <>
      <h2>
        Compare <code>{shortHash(result.from)}</code> → <code>{shortHash(result.to)}</code>
      </h2>
      <DiffView diff={result.diff} />
    </>
  );
}
