import { readFileSync, readdirSync } from "node:fs";
import { makeDocument, type TextDocument } from "../document";
import { type DatasetCard, type TextSource, installedVersion, packageFile } from "./dataset-card";

const PACKAGE = "hyparquet";

/**
 * Real JavaScript source: the `src/` tree of hyparquet (MIT), a dependency of this library anyway
 * (the Parquet reader), so the code share costs no extra install.
 */
export const hyparquetCodeSource: TextSource = {
  name: "code-hyparquet",
  auditOnly: false,
  card(): DatasetCard {
    return {
      name: "code-hyparquet",
      description:
        "JavaScript source files of hyparquet, a dependency-free Parquet reader (thrift decoding, " +
        "compression, column assembly, query planning): the code share of the mix.",
      license: "MIT",
      domain: "code",
      auditOnly: false,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["src/*.js"],
        extraction:
          "Each src/*.js file becomes one document, verbatim apart from newline and NFC normalisation.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const sourceDir = packageFile(PACKAGE, "src");
    const files = readdirSync(sourceDir)
      .filter((file) => file.endsWith(".js"))
      .sort();
    for (const file of files) {
      const document = makeDocument(`hyparquet/src/${file}`, readFileSync(`${sourceDir}/${file}`, "utf8"), {
        path: `src/${file}`,
        programmingLanguage: "javascript",
      });
      if (document) yield document;
    }
  },
};
