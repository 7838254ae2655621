import { type z } from "zod";
import { MAX_ARTIFACT_BYTES, readArtifactText } from "./artifact-text";
import { MAX_LAYERS, ZArchitecture, type TArchitecture } from "./architecture";
import { ZDatamix, type TDatamix } from "./datamix";
import { DATASET_NAME_PATTERN, ZDatasetCard, type TDatasetCard } from "./dataset-card";
import { ZEvalsuite, type TEvalsuite } from "./evalsuite";
import { type TSpecError, zodIssuesToErrors } from "./field-path";
import { ownValue } from "./json-value";
import { ZRecipe, type TRecipe } from "./recipe";

/** Deepest nesting of objects and arrays accepted; artifacts need about 5. */
export const MAX_NESTING_DEPTH = 32;

export interface TArtifactDocs {
  architecture: TArchitecture;
  datamix: TDatamix;
  recipe: TRecipe;
  evalsuite: TEvalsuite;
  "dataset-card": TDatasetCard;
}
export type TArtifactKind = keyof TArtifactDocs;

export const ARTIFACT_SCHEMAS: { [K in TArtifactKind]: z.ZodType<TArtifactDocs[K]> } = {
  architecture: ZArchitecture,
  datamix: ZDatamix,
  recipe: ZRecipe,
  evalsuite: ZEvalsuite,
  "dataset-card": ZDatasetCard,
};

const FIXED_PATHS: Record<string, TArtifactKind> = {
  "architecture.yaml": "architecture",
  "datamix.yaml": "datamix",
  "recipe.yaml": "recipe",
  "evalsuite.yaml": "evalsuite",
};

const DATASET_PATH = /^datasets\/([^/]+)\.yaml$/;

/** Artifact documents of one revision, by path (a revision tree with its blobs loaded). */
export type TArtifactTree = Record<string, unknown>;

/** Path of a dataset's card in a revision tree. */
export const datasetCardPath = (name: string) => `datasets/${name}.yaml`;

/** The dataset a card path names, or null when the path is not a dataset card's. */
export function datasetNameOfPath(path: string): string | null {
  const name = DATASET_PATH.exec(path)?.[1];
  return name !== undefined && DATASET_NAME_PATTERN.test(name) ? name : null;
}

/** Kind of the artifact stored at `path`, or null for a path the registry does not know. */
export function artifactKindOf(path: string): TArtifactKind | null {
  return ownValue(FIXED_PATHS, path) ?? (datasetNameOfPath(path) !== null ? "dataset-card" : null);
}

/** A validated artifact: `doc` has every default filled in, the form to store and hash. */
export type TParsedArtifact = {
  [K in TArtifactKind]: { ok: true; kind: K; doc: TArtifactDocs[K] };
}[TArtifactKind];
export type TParseResult = TParsedArtifact | { ok: false; errors: TSpecError[] };

const fail = (message: string, path = ""): TParseResult => ({ ok: false, errors: [{ path, message }] });

function unknownPathError(path: string): TParseResult {
  return fail(
    `unknown artifact path ${JSON.stringify(path)}: expected ${Object.keys(FIXED_PATHS).join(", ")} or datasets/<name>.yaml`,
  );
}

function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, depth] = entry;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Validates a value (parsed text, a form's state, a stored blob) as the artifact at `path`. Cheap guards run
 * before the schema so a hostile document costs no more than its size.
 */
export function validateArtifact(path: string, value: unknown): TParseResult {
  const kind = artifactKindOf(path);
  if (kind === null) return unknownPathError(path);
  if (nestingDepth(value) > MAX_NESTING_DEPTH) return fail(`nested deeper than ${MAX_NESTING_DEPTH} levels`);
  if (kind === "architecture" && typeof value === "object" && value !== null && "layers" in value) {
    const layers = value.layers;
    if (Array.isArray(layers) && layers.length > MAX_LAYERS) {
      return fail(`layers has ${layers.length} entries, at most ${MAX_LAYERS} are allowed`, "layers");
    }
  }
  const result = ARTIFACT_SCHEMAS[kind].safeParse(value);
  if (!result.success) return { ok: false, errors: zodIssuesToErrors(result.error.issues) };
  if (kind === "dataset-card") {
    const card = result.data as TDatasetCard;
    const name = datasetNameOfPath(path);
    if (card.name !== name) return fail(`name must match the file name ${JSON.stringify(name)}`, "name");
  }
  return { ok: true, kind, doc: result.data } as TParsedArtifact;
}

/**
 * Parses artifact text, JSON or YAML (see readArtifactText for the limits and the YAML dialect), and validates
 * it as the artifact at `path`.
 */
export function parseArtifact(path: string, text: string): TParseResult {
  if (artifactKindOf(path) === null) return unknownPathError(path);
  const read = readArtifactText(text);
  return read.ok ? validateArtifact(path, read.value) : read;
}

/** parseArtifact for raw bytes (an upload, a blob): refuses anything that is not UTF-8. */
export function parseArtifactBytes(path: string, bytes: Uint8Array): TParseResult {
  if (artifactKindOf(path) === null) return unknownPathError(path);
  if (bytes.byteLength > MAX_ARTIFACT_BYTES) {
    return fail(`artifact is ${bytes.byteLength} bytes, at most ${MAX_ARTIFACT_BYTES} are allowed`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail("artifact is not valid UTF-8");
  }
  return parseArtifact(path, text);
}
