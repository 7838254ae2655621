import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { type DocumentMeta, type TextDocument, makeDocument } from "../document";

export interface ParquetOptions {
  textField?: string;
  idField?: string;
  /** Extra scalar columns copied into meta. */
  metaFields?: string[];
}

/**
 * Reads a Parquet file with hyparquet (pure JS). Uncompressed and Snappy pages decode out of the box;
 * gzip/zstd/brotli pages need hyparquet-compressors, which this library does not ship.
 */
export async function parseParquet(
  buffer: ArrayBuffer,
  file: string,
  options: ParquetOptions = {},
): Promise<TextDocument[]> {
  const textField = options.textField ?? "text";
  const metaFields = options.metaFields ?? [];
  const columns = [textField, ...(options.idField ? [options.idField] : []), ...metaFields];
  const rows = await parquetReadObjects({ file: buffer, columns });
  const documents: TextDocument[] = [];
  for (const [rowIndex, row] of rows.entries()) {
    const text: unknown = row[textField];
    if (typeof text !== "string") {
      throw new Error(`${file}: row ${rowIndex}: column "${textField}" must be a string, got ${typeof text}`);
    }
    const meta: DocumentMeta = {};
    for (const field of metaFields) {
      const value: unknown = row[field];
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        meta[field] = value;
      else if (typeof value === "bigint") meta[field] = Number(value);
    }
    const id = options.idField ? String(row[options.idField]) : `${file}@${rowIndex}`;
    const document = makeDocument(id, text, meta);
    if (document) documents.push(document);
  }
  return documents;
}

export async function readParquetFile(path: string, options: ParquetOptions = {}): Promise<TextDocument[]> {
  const bytes = await readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return parseParquet(buffer, basename(path), options);
}
