import { type TextSource } from "./dataset-card";
import { mobyDickSource } from "./moby-dick";
import { nlpCorpusAuditSource } from "./nlp-corpus";
import { hyparquetCodeSource } from "./package-source-code";
import { spdxLicensesSource } from "./spdx-licenses";
import { stateOfTheUnionSource } from "./state-of-the-union";
import { udhrSource } from "./udhr";

export {
  type DatasetCard,
  type DatasetProvenance,
  type TextSource,
  installedVersion,
  packageRoot,
} from "./dataset-card";
export { htmlToText } from "./html-text";
export {
  mobyDickSource,
  stateOfTheUnionSource,
  udhrSource,
  spdxLicensesSource,
  hyparquetCodeSource,
  nlpCorpusAuditSource,
};

/** Every packaged source, audit demos included. */
export const allSources: readonly TextSource[] = [
  mobyDickSource,
  stateOfTheUnionSource,
  spdxLicensesSource,
  hyparquetCodeSource,
  udhrSource,
  nlpCorpusAuditSource,
];

/** The sources a default data mix may draw from: never the audit-only demos. */
export const defaultSources: readonly TextSource[] = allSources.filter((source) => !source.auditOnly);

export const auditDemoSources: readonly TextSource[] = allSources.filter((source) => source.auditOnly);

export function getSource(name: string): TextSource {
  const source = allSources.find((candidate) => candidate.name === name);
  if (!source) throw new Error(`unknown source ${name}; known: ${allSources.map((s) => s.name).join(", ")}`);
  return source;
}
