/**
 * Where shards, token shards, tokenizers, uploads and checkpoints live. Keys are relative slash-separated
 * paths (`shards/<sha256>.jsonl`); every backend refuses keys that could escape its root.
 */
export interface ObjectStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Throws ObjectNotFoundError when the key holds nothing. */
  get(key: string): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
  /** Deleting a missing key is not an error, so cleanup can be retried. */
  delete(key: string): Promise<void>;
  /** Keys under the prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} not found`);
    this.name = "ObjectNotFoundError";
  }
}

const KEY_SEGMENT = /^[A-Za-z0-9._=-]+$/;

/** Keys are a/b/c with segments of [A-Za-z0-9._=-], never "." or "..": safe as file paths and URL paths. */
export function assertValidKey(key: string): void {
  const segments = key.split("/");
  const valid =
    key.length > 0 &&
    key.length <= 1024 &&
    segments.every((segment) => KEY_SEGMENT.test(segment) && segment !== "." && segment !== "..");
  if (!valid) throw new Error(`invalid object key ${JSON.stringify(key)}`);
}

/** A prefix is a key, a key followed by "/", or "" for everything. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === "") return;
  assertValidKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}
