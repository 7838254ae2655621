import { validateArtifact } from "./artifact";

/**
 * The artifact at `path` with its keys in the schema's order (`version` first, a layer's `type` first),
 * for people to read. Stored documents come back from PostgreSQL JSONB with keys sorted by length, which reads
 * as noise. Only the order changes: no default is added and nothing is dropped, so the hash stays the same.
 */
export function inSchemaOrder(path: string, doc: unknown): unknown {
  const parsed = validateArtifact(path, doc);
  return parsed.ok ? reorderLike(doc, parsed.doc) : doc;
}

function reorderLike(value: unknown, model: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => reorderLike(item, Array.isArray(model) ? model[i] : undefined));
  }
  if (!isRecord(value)) return value;
  const modelRecord = isRecord(model) ? model : {};
  const keys = [
    ...Object.keys(modelRecord).filter((key) => key in value),
    ...Object.keys(value).filter((key) => !(key in modelRecord)),
  ];
  return Object.fromEntries(keys.map((key) => [key, reorderLike(value[key], modelRecord[key])]));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
