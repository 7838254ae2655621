// The codecs of the JSON columns this package owns: artifact blobs, revision trees, audit event details.
import { z } from "zod";
import { jsonColumn } from "./json-column";

/** An artifact document: a JSON object, validated as its kind (validateArtifact) before it is stored. */
export const blobDocument = jsonColumn("Blob.json", z.record(z.string(), z.json()));

/** A revision's tree: artifact path → sha256 of the blob. */
export const revisionTree = jsonColumn(
  "Revision.tree",
  z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest")),
);

/** What an audit event records besides its action and target (ids, the values set); absent fields are left out. */
const ZAuditDetail = z.record(z.string(), z.json().optional());
export type TAuditDetail = z.input<typeof ZAuditDetail>;
export const auditDetail = jsonColumn("AuditEvent.detail", ZAuditDetail);
