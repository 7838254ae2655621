import type { TDatasetCardInput } from "@forge/spec";
import { getSource } from "../data/index";
import { type TDatasetOrigin } from "./dataset-origin";

/** Card fields that describe the text, before ingestion measures it. */
export function describeOrigin(
  origin: TDatasetOrigin,
  name: string,
): Omit<TDatasetCardInput, "counts" | "shards"> {
  if (origin.kind === "package") {
    const source = getSource(origin.source).card();
    return {
      name,
      description: source.description,
      license: source.license,
      domain: source.domain,
      provenance: source.provenance,
      audit_only: source.auditOnly,
    };
  }
  return {
    name,
    description: origin.description,
    license: origin.license,
    domain: "upload",
    provenance: {
      package: origin.fileName,
      version: `sha256:${origin.sha256.slice(0, 16)}`,
      registry: "upload",
      files: [origin.fileName],
      extraction:
        origin.format === "jsonl"
          ? 'Uploaded JSONL: one document per line from its "text" field; other scalar fields kept as metadata.'
          : origin.format === "parquet"
            ? 'Uploaded Parquet: one document per row from its "text" column.'
            : "Uploaded plain text: documents separated by blank lines or form feeds.",
    },
    audit_only: false,
  };
}
