import { z } from "zod";
import { ZDatasetName, ZSpdxExpression } from "@forge/spec";

export const FINDING_KIND_VALUES = [
  "email",
  "phone",
  "ipv4",
  "ipv6",
  "credit_card",
  "secret",
  "profanity",
  "exact_duplicate",
  "near_duplicate",
] as const;
export const ZFindingKind = z.enum(FINDING_KIND_VALUES);

/** Path segments the data pages and API use themselves, so no dataset may take them as its name. */
export const RESERVED_DATASET_NAMES = ["rows", "browse", "audit-demo", "upload"];

export const ROWS_PAGE_SIZE = 100;

const optionalInt = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.coerce.number().int().min(0).max(100_000_000).optional(),
);

/** Data browser query: every field optional; `cursor` is the last row id of the previous page. */
export const ZBrowseRowsQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    kind: ZFindingKind.optional(),
    dataset: ZDatasetName.optional(),
    minChars: optionalInt,
    maxChars: optionalInt,
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, "must be a row id")
      .optional(),
    limit: z.coerce.number().int().min(1).max(ROWS_PAGE_SIZE).default(ROWS_PAGE_SIZE),
  })
  .refine((q) => q.minChars === undefined || q.maxChars === undefined || q.minChars <= q.maxChars, {
    message: "must not be below minChars",
    path: ["maxChars"],
  });
export type TBrowseRowsQuery = z.infer<typeof ZBrowseRowsQuery>;

export const UPLOAD_FORMATS = { jsonl: "jsonl", txt: "text", text: "text", parquet: "parquet" } as const;
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The form fields of an upload (the file travels beside them in the multipart body). */
export const ZUploadDatasetFields = z.object({
  name: ZDatasetName.refine((name) => !RESERVED_DATASET_NAMES.includes(name), "is reserved"),
  license: ZSpdxExpression,
  description: z.string().trim().max(10_000).default(""),
});
export type TUploadDatasetFields = z.infer<typeof ZUploadDatasetFields>;

export const ZReportFormat = z.enum(["json", "csv"]);

export const ZRowOrdinal = z.coerce.number().int().min(0).max(2_000_000_000);
export const ZDatasetParams = z.object({ name: z.string() });
export const ZRowParams = ZDatasetParams.extend({ ordinal: ZRowOrdinal });
