import { type TArtifactTree } from "./artifact";
import { toJsonPointer } from "./field-path";
import { isJsonObject, jsonEqual, ownValue, setOwn, type TJsonObject } from "./json-value";
import { validateTree, type TArtifactErrors } from "./tree-rules";

/**
 * A field both sides changed differently since the base. `pointer` is an RFC 6901 JSON pointer into the document
 * ("" is the whole document); a side is undefined where that side has no value (the field or document is absent).
 */
export interface TMergeConflict {
  pointer: string;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

export type TDocumentMergeResult = { ok: true; merged: unknown } | { ok: false; conflicts: TMergeConflict[] };

/**
 * Three-way merge of JSON documents. Where one side left a value as in the base, the other side's value wins;
 * where both made the same change, it is taken once. Otherwise objects merge key by key and arrays merge
 * element by element when base, ours and theirs have the same length (so two edits to different layers both
 * land); arrays whose length changed on both sides, and scalars changed on both sides, are conflicts.
 * `undefined` stands for an absent document or field: an absent merge result means "deleted".
 */
export function mergeDocuments(base: unknown, ours: unknown, theirs: unknown): TDocumentMergeResult {
  const conflicts: TMergeConflict[] = [];
  const merged = merge(base, ours, theirs, [], conflicts);
  return conflicts.length === 0 ? { ok: true, merged } : { ok: false, conflicts };
}

function merge(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  path: (string | number)[],
  conflicts: TMergeConflict[],
): unknown {
  if (jsonEqual(ours, theirs)) return ours;
  if (jsonEqual(base, ours)) return theirs;
  if (jsonEqual(base, theirs)) return ours;
  if (isJsonObject(base) && isJsonObject(ours) && isJsonObject(theirs)) {
    // An element whose type one side changed (a layer turned mamba2) is a different thing, not a set of
    // fields: the other side's field edits were meant for the old type and must not configure the new one.
    const typeOf = (value: TJsonObject) => ownValue(value, "type");
    if (!jsonEqual(typeOf(base), typeOf(ours)) || !jsonEqual(typeOf(base), typeOf(theirs))) {
      conflicts.push({ pointer: toJsonPointer(path), base, ours, theirs });
      return ours;
    }
    const merged: TJsonObject = {};
    const keys = [...new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)])].sort();
    for (const key of keys) {
      const value = merge(
        ownValue(base, key),
        ownValue(ours, key),
        ownValue(theirs, key),
        [...path, key],
        conflicts,
      );
      if (value !== undefined) setOwn(merged, key, value);
    }
    return merged;
  }
  if (
    Array.isArray(base) &&
    Array.isArray(ours) &&
    Array.isArray(theirs) &&
    ours.length === base.length &&
    theirs.length === base.length
  ) {
    return base.map((item, i) => merge(item, ours[i], theirs[i], [...path, i], conflicts));
  }
  conflicts.push({ pointer: toJsonPointer(path), base, ours, theirs });
  return ours;
}

export interface TTreeConflict extends TMergeConflict {
  /** Artifact path, e.g. `architecture.yaml`. */
  path: string;
}

export type TTreeMergeResult =
  { ok: true; tree: TArtifactTree } | { ok: false; conflicts: TTreeConflict[]; invalid: TArtifactErrors[] };

/**
 * Three-way merge of revision trees, path by path: a document added, changed or deleted on one side only is
 * taken from that side; one changed on both sides is merged with mergeDocuments; deleted on one side and changed
 * on the other is a conflict at pointer "". Without conflicts, the merged tree is validated as a whole
 * (validateTree), since two valid edits can combine into an invalid revision (ours raises d_model, theirs the
 * head count; ours adds a mix source, theirs deletes its card); those problems come back in `invalid`.
 */
export function mergeTrees(
  base: TArtifactTree,
  ours: TArtifactTree,
  theirs: TArtifactTree,
): TTreeMergeResult {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)])].sort();
  const tree: TArtifactTree = {};
  const conflicts: TTreeConflict[] = [];
  for (const path of paths) {
    const [b, o, t] = [ownValue(base, path), ownValue(ours, path), ownValue(theirs, path)];
    const bothChanged = !jsonEqual(b, o) && !jsonEqual(b, t) && !jsonEqual(o, t);
    if (bothChanged && (o === undefined || t === undefined)) {
      conflicts.push({ path, pointer: "", base: b, ours: o, theirs: t });
      continue;
    }
    const result = mergeDocuments(b, o, t);
    if (!result.ok) conflicts.push(...result.conflicts.map((conflict) => ({ path, ...conflict })));
    else if (result.merged !== undefined) setOwn(tree, path, result.merged);
    if (result.ok && path === "architecture.yaml") {
      const conflict = layerIndexConflict(b, o, t);
      if (conflict) conflicts.push({ path, ...conflict });
    }
  }
  if (conflicts.length > 0) return { ok: false, conflicts, invalid: [] };
  const invalid = validateTree(tree);
  return invalid.length === 0 ? { ok: true, tree } : { ok: false, conflicts, invalid };
}

/**
 * precision.keep_high_precision names layers by index: when one side reshaped the layer list (added, removed or
 * reordered layers) and the other changed those indices, the merged indices point at the wrong layers.
 */
function layerIndexConflict(base: unknown, ours: unknown, theirs: unknown): TMergeConflict | null {
  const layerTypes = (doc: unknown) => {
    const layers = isJsonObject(doc) ? ownValue(doc, "layers") : undefined;
    return Array.isArray(layers)
      ? layers.map((layer) => (isJsonObject(layer) ? ownValue(layer, "type") : null))
      : [];
  };
  const indices = (doc: unknown) => {
    const precision = isJsonObject(doc) ? ownValue(doc, "precision") : undefined;
    return isJsonObject(precision) ? ownValue(precision, "keep_high_precision") : undefined;
  };
  const reshaped = (side: unknown) => !jsonEqual(layerTypes(base), layerTypes(side));
  const reindexed = (side: unknown) => !jsonEqual(indices(base), indices(side));
  if (!((reshaped(ours) && reindexed(theirs)) || (reshaped(theirs) && reindexed(ours)))) return null;
  return {
    pointer: "/precision/keep_high_precision",
    base: indices(base),
    ours: indices(ours),
    theirs: indices(theirs),
  };
}
