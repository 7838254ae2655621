import { readdirSync } from "node:fs";
import { makeDocument, type TextDocument } from "../document";
import {
  type DatasetCard,
  type TextSource,
  installedVersion,
  packageFile,
  readPackageJson,
} from "./dataset-card";

const PACKAGE = "nlp-corpus";

/**
 * AUDIT DEMO ONLY. nlp-corpus mixes lyrics, SMS messages, reddit arguments, drug-trip reports and more,
 * with slurs, profanity and some real contact details; its author asks that it not be republished
 * commercially. It exists to exercise the audit features and is never part of a default mix.
 */
export const nlpCorpusAuditSource: TextSource = {
  name: "nlp-corpus-audit",
  auditOnly: true,
  card(): DatasetCard {
    return {
      name: "nlp-corpus-audit",
      description:
        "AUDIT DEMO: ~50,000 English sentences scraped from lyrics, TV transcripts, SMS, reddit, Erowid and " +
        "more, including NSFW text, slurs and personal data. Opt-in material for the audit features only; " +
        "the author asks it not be republished commercially.",
      license: "MIT",
      domain: "web",
      auditOnly: true,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["builds/doc-*.json"],
        extraction:
          "Each sentence of each builds/doc-<n>.json array becomes one document, ordered by file number.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const fileNumbers = readdirSync(packageFile(PACKAGE, "builds"))
      .map((file) => /^doc-(\d+)\.json$/.exec(file)?.[1])
      .filter((number): number is string => number !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const fileNumber of fileNumbers) {
      const sentences = readPackageJson<string[]>(PACKAGE, `builds/doc-${fileNumber}.json`);
      for (const [index, sentence] of sentences.entries()) {
        const document = makeDocument(`nlp-corpus/doc-${fileNumber}/${index}`, sentence, {
          file: fileNumber,
          index,
        });
        if (document) yield document;
      }
    }
  },
};
