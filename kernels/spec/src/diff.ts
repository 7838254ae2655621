import { type TArchitecture, type TLayer } from "./architecture";
import {
  artifactKindOf,
  datasetNameOfPath,
  validateArtifact,
  type TArtifactDocs,
  type TArtifactKind,
  type TArtifactTree,
} from "./artifact";
import { type TDatamix } from "./datamix";
import { type TDatasetCard } from "./dataset-card";
import { deriveArchitecture, type TDerivedArchitecture, type TDeriveOptions } from "./derived";
import { toJsonPointer } from "./field-path";
import { isJsonObject, jsonEqual, ownValue, setOwn } from "./json-value";

/** One changed field; `pointer` is an RFC 6901 JSON pointer into the document ("" is the whole document). */
export type TFieldChange =
  | { pointer: string; op: "add"; after: unknown }
  | { pointer: string; op: "remove"; before: unknown }
  | { pointer: string; op: "replace"; before: unknown; after: unknown };

/**
 * Field-level diff of two JSON values. Objects are compared key by key, arrays index by index (extra entries
 * are adds or removes at their index); anything else that differs is a replace.
 */
export function diffJson(before: unknown, after: unknown, path: (string | number)[] = []): TFieldChange[] {
  const changes: TFieldChange[] = [];
  collect(before, after, path, changes);
  return changes;
}

function collect(before: unknown, after: unknown, path: (string | number)[], out: TFieldChange[]): void {
  if (jsonEqual(before, after)) return;
  const pointer = toJsonPointer(path);
  if (before === undefined) {
    out.push({ pointer, op: "add", after });
  } else if (after === undefined) {
    out.push({ pointer, op: "remove", before });
  } else if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) collect(ownValue(before, key), ownValue(after, key), [...path, key], out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) collect(before[i], after[i], [...path, i], out);
  } else {
    out.push({ pointer, op: "replace", before, after });
  }
}

/** A number before and after; a side is null when that revision has no (valid) document to compute it from. */
export interface TDelta {
  before: number | null;
  after: number | null;
  /** after - before, null unless both sides are known. */
  delta: number | null;
}

const delta = (before: number | null, after: number | null): TDelta => ({
  before,
  after,
  delta: before !== null && after !== null ? after - before : null,
});

/** Layers aligned by index. `fields` pointers are relative to the architecture document (`/layers/3/kv_heads`). */
export type TLayerChange =
  | { index: number; status: "added"; after: TLayer }
  | { index: number; status: "removed"; before: TLayer }
  | { index: number; status: "type_changed"; before: TLayer; after: TLayer }
  | { index: number; status: "changed"; type: TLayer["type"]; fields: TFieldChange[] };

export interface TArchitectureDiff {
  layers: TLayerChange[];
  /** Changes outside `layers` (d_model, norm, precision, ...). */
  fields: TFieldChange[];
  parameters: Record<"total" | "active" | "embedding" | "positional" | "norms" | "head", TDelta>;
  flops: { context: number; forward: TDelta; training: TDelta }[];
  memory: { context: number; activationBytes: TDelta; kvCacheBytes: TDelta; ssmStateBytes: TDelta }[];
  trainingStateBytes: TDelta;
}

export function diffArchitectures(
  before: TArchitecture | null,
  after: TArchitecture | null,
  options: TDeriveOptions = {},
): TArchitectureDiff {
  const layers: TLayerChange[] = [];
  const beforeLayers = before?.layers ?? [];
  const afterLayers = after?.layers ?? [];
  for (let index = 0; index < Math.max(beforeLayers.length, afterLayers.length); index++) {
    const b = beforeLayers[index];
    const a = afterLayers[index];
    if (b === undefined && a !== undefined) layers.push({ index, status: "added", after: a });
    else if (a === undefined && b !== undefined) layers.push({ index, status: "removed", before: b });
    else if (a !== undefined && b !== undefined && !jsonEqual(a, b)) {
      if (a.type !== b.type) layers.push({ index, status: "type_changed", before: b, after: a });
      else layers.push({ index, status: "changed", type: a.type, fields: diffJson(b, a, ["layers", index]) });
    }
  }
  const withoutLayers = (arch: TArchitecture | null) => {
    if (arch === null) return undefined;
    const { layers: _layers, ...rest } = arch;
    return rest;
  };
  const derivedBefore = before ? deriveArchitecture(before, options) : null;
  const derivedAfter = after ? deriveArchitecture(after, options) : null;
  const pick = (
    derived: TDerivedArchitecture | null,
    read: (d: TDerivedArchitecture) => number | undefined,
  ) => (derived === null ? null : (read(derived) ?? null));
  const figure = (read: (d: TDerivedArchitecture) => number | undefined) =>
    delta(pick(derivedBefore, read), pick(derivedAfter, read));
  const contexts = (derivedAfter ?? derivedBefore)?.memory.map((m) => m.context) ?? [];
  return {
    layers,
    fields: diffJson(withoutLayers(before), withoutLayers(after)),
    parameters: {
      total: figure((d) => d.parameters.total),
      active: figure((d) => d.parameters.active),
      embedding: figure((d) => d.parameters.embedding),
      positional: figure((d) => d.parameters.positional),
      norms: figure((d) => d.parameters.norms),
      head: figure((d) => d.parameters.head),
    },
    flops: contexts.map((context, i) => ({
      context,
      forward: figure((d) => d.flops[i]?.forward),
      training: figure((d) => d.flops[i]?.training),
    })),
    memory: contexts.map((context, i) => ({
      context,
      activationBytes: figure((d) => d.memory[i]?.activationBytes),
      kvCacheBytes: figure((d) => d.memory[i]?.kvCacheBytes),
      ssmStateBytes: figure((d) => d.memory[i]?.ssmStateBytes),
    })),
    trainingStateBytes: figure((d) => d.trainingStateBytes),
  };
}

/** A share of the mix before and after (0 where absent). */
export interface TShareChange {
  key: string;
  before: number;
  after: number;
  delta: number;
}

function shareChanges(before: Record<string, number>, after: Record<string, number>): TShareChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.map((key) => {
    const b = ownValue(before, key) ?? 0;
    const a = ownValue(after, key) ?? 0;
    return { key, before: b, after: a, delta: a - b };
  });
}

/** Licence a mix source is counted under when the revision has no card for it (the SPDX "unknown" keyword). */
export const UNKNOWN_LICENSE = "NOASSERTION";

/**
 * Share of the mix under each licence: each source's share goes to its card's SPDX expression as written
 * (`MIT OR Apache-2.0` is its own bucket, since the choice is the user's), to NOASSERTION without a card.
 */
export function licenseShares(mix: TDatamix, cards: Record<string, TDatasetCard>): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const [source, share] of Object.entries(mix.sources)) {
    const license = ownValue(cards, source)?.license.trim() ?? UNKNOWN_LICENSE;
    setOwn(shares, license, (ownValue(shares, license) ?? 0) + share);
  }
  return shares;
}

export interface TArtifactChange {
  path: string;
  /** null for a path the registry does not know. */
  kind: TArtifactKind | null;
  status: "added" | "removed" | "changed";
  fields: TFieldChange[];
}

export interface TRevisionDiff {
  /** Changed artifacts by path; unchanged ones are left out. */
  artifacts: TArtifactChange[];
  /** Present when either side has a valid architecture.yaml. */
  architecture: TArchitectureDiff | null;
  /** Per source, present when either side has a valid datamix.yaml. */
  mix: TShareChange[] | null;
  /** Per SPDX expression, from each side's datamix and dataset cards; null when neither side has a mix. */
  licenses: TShareChange[] | null;
}

function typedDoc<K extends TArtifactKind>(
  tree: TArtifactTree,
  path: string,
  kind: K,
): TArtifactDocs[K] | null {
  if (!Object.hasOwn(tree, path)) return null;
  const result = validateArtifact(path, tree[path]);
  return result.ok && result.kind === kind ? (result.doc as TArtifactDocs[K]) : null;
}

function cardsOf(tree: TArtifactTree): Record<string, TDatasetCard> {
  const cards: Record<string, TDatasetCard> = {};
  for (const path of Object.keys(tree)) {
    const name = datasetNameOfPath(path);
    const card = name === null ? null : typedDoc(tree, path, "dataset-card");
    if (name !== null && card !== null) cards[name] = card;
  }
  return cards;
}

/**
 * Typed diff of two revisions' artifacts: per artifact its field changes, then the architecture's layer changes
 * and derived deltas, mix shares and licence shares. Documents that fail validation still get a field diff.
 */
export function diffRevisions(
  before: TArtifactTree,
  after: TArtifactTree,
  options: TDeriveOptions = {},
): TRevisionDiff {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const artifacts: TArtifactChange[] = [];
  for (const path of paths) {
    const inBefore = Object.hasOwn(before, path);
    const inAfter = Object.hasOwn(after, path);
    if (inBefore && inAfter && jsonEqual(before[path], after[path])) continue;
    artifacts.push({
      path,
      kind: artifactKindOf(path),
      status: !inBefore ? "added" : !inAfter ? "removed" : "changed",
      fields: diffJson(inBefore ? before[path] : undefined, inAfter ? after[path] : undefined),
    });
  }
  const archBefore = typedDoc(before, "architecture.yaml", "architecture");
  const archAfter = typedDoc(after, "architecture.yaml", "architecture");
  const mixBefore = typedDoc(before, "datamix.yaml", "datamix");
  const mixAfter = typedDoc(after, "datamix.yaml", "datamix");
  const hasMix = mixBefore !== null || mixAfter !== null;
  return {
    artifacts,
    architecture: archBefore || archAfter ? diffArchitectures(archBefore, archAfter, options) : null,
    mix: hasMix ? shareChanges(mixBefore?.sources ?? {}, mixAfter?.sources ?? {}) : null,
    licenses: hasMix
      ? shareChanges(
          mixBefore ? licenseShares(mixBefore, cardsOf(before)) : {},
          mixAfter ? licenseShares(mixAfter, cardsOf(after)) : {},
        )
      : null,
  };
}
