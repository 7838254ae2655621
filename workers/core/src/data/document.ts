import { z } from "zod";

/** One unit of training or audit text, as every part of the data library exchanges it. */
export interface TextDocument {
  /** Stable within its dataset: re-extracting the same source yields the same ids. */
  id: string;
  text: string;
  meta: DocumentMeta;
}

export const ZDocumentMeta = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type DocumentMeta = z.output<typeof ZDocumentMeta>;

/**
 * Canonical text form: NFC so that visually identical strings hash and tokenise identically,
 * a single newline convention, no byte-order mark, no surrounding whitespace.
 */
export function normalizeText(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?|\u2028|\u2029/g, "\n")
    .normalize("NFC")
    .trim();
}

/** Builds a document with normalised text; returns undefined when nothing but whitespace remains. */
export function makeDocument(id: string, rawText: string, meta: DocumentMeta = {}): TextDocument | undefined {
  const text = normalizeText(rawText);
  return text.length === 0 ? undefined : { id, text, meta };
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
