import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { type DocumentMeta, type TextDocument, makeDocument } from "../document";

export interface JsonlOptions {
  /** Field holding the document text. */
  textField?: string;
  /** Field holding a stable id; without it the id is `<file name>:<line>`. */
  idField?: string;
}

/** A malformed input line, located as `file:line` so that the uploader can fix it. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "IngestError";
  }
}

function isMetaValue(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Parses one JSONL line; returns undefined for blank lines and documents whose text is empty. */
export function parseJsonlLine(
  line: string,
  file: string,
  lineNumber: number,
  options: JsonlOptions = {},
): TextDocument | undefined {
  if (line.trim() === "") return undefined;
  const textField = options.textField ?? "text";
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new IngestError(file, lineNumber, `invalid JSON (${(error as Error).message})`);
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new IngestError(file, lineNumber, "expected a JSON object");
  }
  const fields = record as Record<string, unknown>;
  const text = fields[textField];
  if (typeof text !== "string")
    throw new IngestError(file, lineNumber, `field "${textField}" must be a string`);
  const explicitId = options.idField === undefined ? undefined : fields[options.idField];
  if (options.idField !== undefined && typeof explicitId !== "string" && typeof explicitId !== "number") {
    throw new IngestError(file, lineNumber, `field "${options.idField}" must be a string or number`);
  }
  const meta: DocumentMeta = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key !== textField && key !== options.idField && isMetaValue(value)) meta[key] = value;
  }
  return makeDocument(explicitId === undefined ? `${file}:${lineNumber}` : String(explicitId), text, meta);
}

/** Parses JSONL held in memory; `file` names the input in ids and error messages. */
export function* parseJsonl(
  content: string,
  file: string,
  options: JsonlOptions = {},
): Generator<TextDocument> {
  const lines = content.split("\n");
  for (const [index, line] of lines.entries()) {
    const document = parseJsonlLine(line, file, index + 1, options);
    if (document) yield document;
  }
}

/** Streams a JSONL file line by line, so inputs larger than memory can be ingested. */
export async function* readJsonlFile(path: string, options: JsonlOptions = {}): AsyncGenerator<TextDocument> {
  const file = basename(path);
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    const document = parseJsonlLine(line, file, lineNumber, options);
    if (document) yield document;
  }
}
