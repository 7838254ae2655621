import "server-only";
import { getPrisma } from "@forge/db";
import { datasetCard, dataRowMeta } from "@forge/core/datasets/json-columns";
import { notFound } from "@/lib/errors";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { highlightFindings } from "../highlight-findings";

/** One row of a READY dataset with its provenance and its findings as highlighted segments. */
export async function getRow(options: { access: TProjectAccess; name: string; ordinal: number }) {
  const { access } = options;
  const prisma = getPrisma();
  const dataset = await prisma.dataset.findUnique({
    where: { projectId_name: { projectId: access.projectId, name: options.name } },
  });
  if (!dataset || dataset.state !== "READY") throw notFound(`Dataset '${options.name}'`);
  const row = await prisma.dataRow.findUnique({
    where: { datasetId_ordinal: { datasetId: dataset.id, ordinal: options.ordinal } },
    select: {
      ordinal: true,
      docId: true,
      shardKey: true,
      text: true,
      chars: true,
      meta: true,
      findingKinds: true,
    },
  });
  if (!row) throw notFound(`Row ${options.ordinal} of '${options.name}'`);
  const findings = await prisma.auditFinding.findMany({
    where: { datasetId: dataset.id, row: row.ordinal },
    orderBy: [{ start: "asc" }, { end: "asc" }],
    select: { kind: true, start: true, end: true, detail: true },
  });
  const shard = await prisma.shard.findUnique({
    where: { datasetId_key: { datasetId: dataset.id, key: row.shardKey } },
    select: { hash: true },
  });
  const provenance = datasetCard.read(dataset.card).provenance;
  return {
    dataset: dataset.name,
    ordinal: row.ordinal,
    docId: row.docId,
    chars: row.chars,
    meta: dataRowMeta.read(row.meta),
    shard: { key: row.shardKey, hash: shard?.hash ?? null },
    provenance,
    findings,
    segments: highlightFindings(row.text, findings),
  };
}
export type TRowView = Awaited<ReturnType<typeof getRow>>;
