import { z } from "zod";
import {
  type TextDocument,
  getSource,
  parseJsonl,
  parseParquet,
  parsePlainText,
  IngestError,
} from "../data/index";
import { type ObjectStore } from "../storage/index";

export const UPLOAD_FORMATS = ["jsonl", "text", "parquet"] as const;
export type TUploadFormat = (typeof UPLOAD_FORMATS)[number];

/** Where a dataset's text comes from, as stored in Dataset.origin. */
export const ZDatasetOrigin = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("package"), source: z.string().min(1) }),
  z.object({
    kind: z.literal("upload"),
    /** Object-store key of the uploaded bytes (uploads/<sha256>). */
    key: z.string().min(1),
    format: z.enum(UPLOAD_FORMATS),
    fileName: z.string().min(1).max(200),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    license: z.string().min(1),
    description: z.string().max(10_000),
  }),
]);
export type TDatasetOrigin = z.infer<typeof ZDatasetOrigin>;

/** Input that can never ingest (retrying will not help); the message locates the problem as `file:line`. */
export class MalformedInputError extends Error {
  override name = "MalformedInputError";
}

export const isMalformedInput = (error: unknown): error is Error =>
  error instanceof MalformedInputError || error instanceof IngestError;

/** Decodes UTF-8, naming the first line that is not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i += 1) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          throw new IngestError(fileName, line, "not valid UTF-8");
        }
        line += 1;
        start = i + 1;
      }
    }
    throw new IngestError(fileName, line, "not valid UTF-8");
  }
}

/**
 * Reads an origin's documents. Malformed input throws IngestError (`file:line: reason`); document ids must be
 * unique within the dataset because findings and the row view refer to them.
 */
export async function readOriginDocuments(
  origin: TDatasetOrigin,
  store: ObjectStore,
): Promise<TextDocument[]> {
  let documents: TextDocument[];
  if (origin.kind === "package") {
    documents = [...getSource(origin.source).documents()];
  } else {
    const bytes = await store.get(origin.key);
    if (origin.format === "parquet") {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      documents = await parseParquet(buffer, origin.fileName).catch((error: Error) => {
        // hyparquet's own errors do not name the file; the row errors of parseParquet already do.
        const message = error.message.startsWith(origin.fileName)
          ? error.message
          : `${origin.fileName}: ${error.message}`;
        throw new MalformedInputError(message);
      });
    } else {
      const text = decodeUtf8(bytes, origin.fileName);
      const nul = text.indexOf("\0");
      if (nul >= 0)
        throw new IngestError(
          origin.fileName,
          text.slice(0, nul).split("\n").length,
          "contains a NUL character (U+0000): is it UTF-16? Save it as UTF-8",
        );
      documents = [
        ...(origin.format === "jsonl"
          ? parseJsonl(text, origin.fileName)
          : parsePlainText(text, origin.fileName)),
      ];
    }
  }
  const seen = new Set<string>();
  for (const document of documents) {
    if (seen.has(document.id)) {
      throw new MalformedInputError(`duplicate document id ${JSON.stringify(document.id)}`);
    }
    seen.add(document.id);
    // PostgreSQL text and jsonb cannot hold U+0000 (a JSON "\u0000" or a Parquet string can carry it).
    const field = document.text.includes("\0")
      ? "text"
      : Object.entries(document.meta).find(
          ([, value]) => typeof value === "string" && value.includes("\0"),
        )?.[0];
    if (field !== undefined)
      throw new MalformedInputError(
        `document ${JSON.stringify(document.id)}: ${field} contains a NUL character (U+0000)`,
      );
  }
  return documents;
}
