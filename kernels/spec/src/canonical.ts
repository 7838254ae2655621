import { createHash } from "node:crypto";

/**
 * Canonical JSON (the RFC 8785 "JCS" form): object keys sorted by UTF-16 code units, no insignificant whitespace,
 * numbers and strings as JSON.stringify writes them (so 1.0 and 1 are the same number, -0 is 0). Keys whose value
 * is undefined are left out, as JSON.stringify does. Throws on what JSON cannot carry exactly: NaN, Infinity,
 * bigint, functions, symbols, undefined array entries, class instances (Date included), cycles.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set(), "");
  return parts.join("");
}

function write(value: unknown, out: string[], ancestors: Set<object>, pointer: string): void {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new TypeError(`canonical JSON: ${value} at "${pointer}" is not a JSON number`);
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value !== "object")
    throw new TypeError(`canonical JSON: a ${typeof value} at "${pointer}" is not JSON`);
  if (ancestors.has(value)) throw new TypeError(`canonical JSON: cycle at "${pointer}"`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, i) => {
      if (item === undefined) throw new TypeError(`canonical JSON: undefined at "${pointer}/${i}"`);
      if (i > 0) out.push(",");
      write(item, out, ancestors, `${pointer}/${i}`);
    });
    out.push("]");
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw new TypeError(
        `canonical JSON: a ${value.constructor.name} at "${pointer}" is not a plain object`,
      );
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push("{");
    entries.forEach(([key, item], i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(key), ":");
      write(item, out, ancestors, `${pointer}/${key}`);
    });
    out.push("}");
  }
  ancestors.delete(value);
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const isSha256Hex = (value: string) => SHA256_HEX.test(value);

/** Content address of an artifact document (the Blob hash): sha256 hex of its canonical JSON. */
export function hashArtifact(doc: unknown): string {
  return sha256Hex(canonicalJson(doc));
}

/** A revision's tree: artifact path -> blob hash. */
export type TTree = Record<string, string>;

function assertTree(tree: TTree): void {
  for (const [path, hash] of Object.entries(tree)) {
    if (!isSha256Hex(hash))
      throw new TypeError(`tree entry ${JSON.stringify(path)} is not a sha256 hex hash`);
  }
}

/** Content address of a tree: sha256 hex of its canonical JSON, so entry order never matters. */
export function hashTree(tree: TTree): string {
  assertTree(tree);
  return sha256Hex(canonicalJson(tree));
}

export interface TRevisionHeader {
  /** Parent revision hashes; order matters (the first parent is the line the revision continues). */
  parents: readonly string[];
  tree: TTree;
  author: string;
  message: string;
  /** A Date or an ISO-8601 string; hashed as the ISO string in UTC with milliseconds. */
  createdAt: Date | string;
}

/** Content address of a revision: sha256 hex of the canonical JSON of its header, the tree hashed in full. */
export function hashRevision(revision: TRevisionHeader): string {
  assertTree(revision.tree);
  for (const parent of revision.parents) {
    if (!isSha256Hex(parent))
      throw new TypeError(`parent ${JSON.stringify(parent)} is not a sha256 hex hash`);
  }
  const created = new Date(revision.createdAt);
  if (Number.isNaN(created.getTime()))
    throw new TypeError(`createdAt ${String(revision.createdAt)} is not a date`);
  return sha256Hex(
    canonicalJson({
      parents: [...revision.parents],
      tree: revision.tree,
      author: revision.author,
      message: revision.message,
      createdAt: created.toISOString(),
    }),
  );
}
