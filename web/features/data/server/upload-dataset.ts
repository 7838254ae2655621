import "server-only";
import { createHash } from "node:crypto";
import { Prisma, getPrisma } from "@forge/db";
import { ingestDatasetJob } from "@forge/core/contracts";
import { datasetOrigin, datasetProgress } from "@forge/core/datasets/json-columns";
import { enqueue } from "@forge/core/queue";
import { defaultObjectStore } from "@forge/core/storage";
import { env } from "@/lib/env";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { MAX_UPLOAD_BYTES, UPLOAD_FORMATS, type TUploadDatasetFields } from "../schemas";

/**
 * A maintainer's upload: the file goes to the object store under its sha256, a dataset is created in
 * INGESTING (hidden until the ingest job finishes) and the ingest job is queued. A FAILED dataset of the same
 * name is replaced.
 */
export async function uploadDataset(options: {
  access: TProjectAccess<"dataset.add">;
  fields: TUploadDatasetFields;
  file: { name: string; bytes: Uint8Array };
}) {
  const { access, fields, file } = options;
  if (file.bytes.byteLength === 0) throw badRequest("file: is empty");
  if (file.bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new AppError(413, `file: larger than ${MAX_UPLOAD_BYTES} bytes`);
  }
  const extension = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? "";
  const format = new Map(Object.entries(UPLOAD_FORMATS)).get(extension);
  if (!format) throw badRequest("file: must be .jsonl, .txt or .parquet");
  const fileName = file.name.replace(/[^A-Za-z0-9._-]/g, "_").slice(-200);

  const prisma = getPrisma();
  const nameTaken = () => conflict(`name: a dataset named '${fields.name}' already exists`);
  // A failed upload of the same name is replaced: uploading again is how it is retried.
  const existing = await prisma.dataset.findUnique({
    where: { projectId_name: { projectId: access.projectId, name: fields.name } },
  });
  if (existing && existing.state !== "FAILED") throw nameTaken();
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const key = `uploads/${sha256}`;
  await defaultObjectStore().put(key, file.bytes);
  const origin = datasetOrigin.write({
    kind: "upload",
    key,
    format,
    fileName,
    sha256,
    license: fields.license,
    description: fields.description,
  });
  const dataset = await prisma
    .$transaction(async (tx) => {
      if (existing) {
        const replaced = await tx.dataset.deleteMany({ where: { id: existing.id, state: "FAILED" } });
        if (replaced.count === 0) throw nameTaken();
      }
      const created = await tx.dataset.create({
        data: {
          projectId: access.projectId,
          name: fields.name,
          origin,
          progress: datasetProgress.write({ phase: "queued" }),
        },
      });
      await recordAuditEvent(tx, {
        actorId: access.userId,
        projectId: access.projectId,
        action: "dataset.upload",
        target: `dataset:${fields.name}`,
        detail: { fileName, bytes: file.bytes.byteLength, sha256, format, replacedFailed: Boolean(existing) },
      });
      return created;
    })
    .catch((error: unknown) => {
      // Two uploads racing for one name: the unique index decides, the loser gets the same 409.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken();
      throw error;
    });
  try {
    await enqueue(
      ingestDatasetJob,
      { datasetId: dataset.id },
      { redisUrl: env().REDIS_URL, jobId: `ingest-${dataset.id}` },
    );
  } catch (error) {
    // Not left INGESTING with no job to finish it: FAILED, it can be uploaded again.
    const message = `could not queue the ingest: ${error instanceof Error ? error.message : String(error)}`;
    await prisma.dataset.update({ where: { id: dataset.id }, data: { state: "FAILED", error: message } });
    throw new AppError(503, message);
  }
  return { name: dataset.name, state: dataset.state };
}
