import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { type TextDocument, makeDocument } from "../document";

/** Blank-line runs (lines holding only spaces/tabs count as blank) or form feeds separate documents. */
const DOCUMENT_SEPARATOR = /\n[ \t]*\n(?:[ \t]*\n)*|\f/;

/** Splits plain text into documents with ids `<file>#<index>` (index counts non-empty documents). */
export function* parsePlainText(content: string, file: string): Generator<TextDocument> {
  const unifiedNewlines = content.replace(/\r\n?/g, "\n");
  let index = 0;
  for (const chunk of unifiedNewlines.split(DOCUMENT_SEPARATOR)) {
    const document = makeDocument(`${file}#${index}`, chunk);
    if (document) {
      index += 1;
      yield document;
    }
  }
}

export async function readPlainTextFile(path: string): Promise<TextDocument[]> {
  return [...parsePlainText(await readFile(path, "utf8"), basename(path))];
}
