/**
 * Forge's data library: packaged text sources with dataset cards, ingestion to content-addressed
 * shards with statistics, a byte-level BPE tokenizer with binary token shards, and the data audit.
 * Pure functions over documents and bytes: no database, queue or object store here.
 */
export {
  type DocumentMeta,
  type TextDocument,
  ZDocumentMeta,
  makeDocument,
  normalizeText,
  utf8ByteLength,
} from "./document";
export * from "./sources/index";
export * from "./ingest/index";
export * from "./tokenizer/index";
export * from "./audit/index";
