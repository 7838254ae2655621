/** Helpers over parsed JSON values (null, booleans, numbers, strings, arrays, plain objects). */

export type TJsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is TJsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; `undefined` (an absent value) equals only itself. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], ownValue(b, k)));
  }
  return false;
}

/**
 * `record[key]` for own keys only: keys come from documents, and `constructor` or `toString` must not find
 * Object.prototype's members.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value` that also works for the key `__proto__` (an own property, not a prototype change). */
export function setOwn<T>(record: Record<string, T>, key: string, value: NoInfer<T>): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
