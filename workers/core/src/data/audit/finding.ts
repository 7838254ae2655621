export const FINDING_KINDS = [
  "email",
  "phone",
  "ipv4",
  "ipv6",
  "credit_card",
  "secret",
  "profanity",
  "exact_duplicate",
  "near_duplicate",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A span of a document's text, in UTF-16 code units as JS string indices, [start, end). */
export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
  /** Human-readable description; never repeats a secret's value. */
  detail: string;
}
