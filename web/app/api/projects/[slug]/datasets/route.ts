import { projectRoute } from "@/lib/api";
import { AppError, badRequest } from "@/lib/errors";
import { MAX_UPLOAD_BYTES, ZUploadDatasetFields } from "@/features/data/schemas";
import { listDatasets } from "@/features/data/server/list-datasets";
import { uploadDataset } from "@/features/data/server/upload-dataset";

export const GET = projectRoute({ action: "project.read" }, async ({ access }) => ({
  datasets: await listDatasets({ access }),
}));

/** multipart/form-data: name, license (SPDX), description, file (.jsonl, .txt or .parquet). */
export const POST = projectRoute({ action: "dataset.add" }, async ({ request, access }) => {
  // Nothing of the body is read before the caller may upload (checked before this runs) and its size fits.
  const declared = request.headers.get("content-length");
  if (declared === null) throw new AppError(411, "content-length: required for uploads");
  if (Number(declared) > MAX_UPLOAD_BYTES + 64 * 1024) {
    throw new AppError(413, `file: larger than ${MAX_UPLOAD_BYTES} bytes`);
  }
  const form = await request.formData().catch(() => {
    throw badRequest("body: expected multipart/form-data");
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw badRequest("file: is required");
  const fields = ZUploadDatasetFields.parse({
    name: form.get("name") ?? undefined,
    license: form.get("license") ?? undefined,
    description: form.get("description") ?? undefined,
  });
  const dataset = await uploadDataset({
    access,
    fields,
    file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
  });
  return { dataset };
});
