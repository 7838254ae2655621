import { makeDocument, type TextDocument } from "../document";
import { type DatasetCard, type TextSource, installedVersion, readPackageJson } from "./dataset-card";

const PACKAGE = "spdx-license-list";

interface SpdxEntry {
  name: string;
  url: string;
  osiApproved: boolean;
  licenseText: string;
}

/** Full texts of the licences on the SPDX licence list: legal reference prose. One document per licence. */
export const spdxLicensesSource: TextSource = {
  name: "spdx-licenses",
  auditOnly: false,
  card(): DatasetCard {
    return {
      name: "spdx-licenses",
      description:
        "Full texts of the ~700 licences on the SPDX License List: legal reference text. The list is CC0; " +
        "licence texts are published for verbatim redistribution. Some texts carry authors' contact emails.",
      license: "CC0-1.0",
      domain: "legal",
      auditOnly: false,
      provenance: {
        package: PACKAGE,
        version: installedVersion(PACKAGE),
        registry: "npm",
        files: ["spdx-full.json"],
        extraction:
          "Each entry of spdx-full.json becomes one document (licenseText), ordered by SPDX id; id, name and " +
          "OSI approval go into meta.",
      },
    };
  },
  *documents(): Generator<TextDocument> {
    const licences = readPackageJson<Record<string, SpdxEntry>>(PACKAGE, "spdx-full.json");
    for (const spdxId of Object.keys(licences).sort()) {
      const entry = licences[spdxId];
      if (!entry) continue;
      const document = makeDocument(`spdx/${spdxId}`, entry.licenseText, {
        spdxId,
        name: entry.name,
        osiApproved: entry.osiApproved,
      });
      if (document) yield document;
    }
  },
};
