import { z } from "zod";
import { CROSS_FIELD_RULE } from "./field-path";

/** Dataset names: also file names (`datasets/<name>.yaml`) and data-mix source keys, so no dots or slashes. */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const ZDatasetName = z
  .string()
  .regex(DATASET_NAME_PATTERN, "must be 1-64 of a-z, 0-9, '_' and '-', starting with a letter or digit");

const LICENSE_ID =
  /^(?:[A-Za-z0-9][A-Za-z0-9.-]*\+?|LicenseRef-[A-Za-z0-9.-]+|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-[A-Za-z0-9.-]+)$/;
const EXCEPTION_ID = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|AdditionRef-[A-Za-z0-9.-]+)$/;
const OPERATORS = new Set(["AND", "OR", "WITH"]);

/**
 * Checks the shape of an SPDX license expression (SPDX spec annex D): identifiers (`MIT`, `GPL-2.0+`,
 * `LicenseRef-x`) joined by AND / OR, `id WITH exception`, parentheses. Identifiers are not checked against the
 * SPDX list, so new licences need no library update. Returns the problem, or null when the shape is valid.
 */
export function spdxExpressionProblem(expression: string): string | null {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) return "is empty";
  let position = 0;
  const peek = () => tokens[position];
  const license = (): string | null => {
    const token = peek();
    if (token === undefined) return "ends where a licence was expected";
    if (token === "(") {
      position++;
      const inner = expressionOf();
      if (inner !== null) return inner;
      if (peek() !== ")") return "has an unclosed parenthesis";
      position++;
      return null;
    }
    if (OPERATORS.has(token) || !LICENSE_ID.test(token))
      return `has ${JSON.stringify(token)} where a licence was expected`;
    position++;
    if (peek() === "WITH") {
      position++;
      const exception = peek();
      if (exception === undefined || OPERATORS.has(exception) || !EXCEPTION_ID.test(exception)) {
        return "needs an exception identifier after WITH";
      }
      position++;
    }
    return null;
  };
  const expressionOf = (): string | null => {
    const first = license();
    if (first !== null) return first;
    while (peek() === "AND" || peek() === "OR") {
      position++;
      const next = license();
      if (next !== null) return next;
    }
    return null;
  };
  const problem = expressionOf();
  if (problem !== null) return problem;
  const rest = peek();
  return rest === undefined ? null : `has unexpected ${JSON.stringify(rest)}`;
}

export const ZSpdxExpression = z
  .string()
  .max(512)
  .superRefine((expression, ctx) => {
    const problem = spdxExpressionProblem(expression);
    if (problem !== null)
      ctx.addIssue({ code: "custom", message: `not an SPDX licence expression: ${problem}` });
  }, CROSS_FIELD_RULE);

const SHA256_HEX = /^[0-9a-f]{64}$/;
const count = z.int().min(0);

export const ZShard = z.strictObject({
  /** Object-store key. */
  key: z.string().min(1).max(1024),
  /** sha256 hex of the shard's bytes. */
  hash: z.string().regex(SHA256_HEX, "must be a lowercase sha256 hex digest"),
  rows: count,
  bytes: count,
});
export type TShard = z.output<typeof ZShard>;

export const ZDatasetCard = z
  .strictObject({
    version: z.literal(1).default(1),
    name: ZDatasetName,
    description: z.string().max(10_000),
    license: ZSpdxExpression,
    /** Short domain label (books, speeches, code, ...) the ingest pipeline assigns, for grouping in the UI. */
    domain: ZDatasetName.optional(),
    provenance: z.strictObject({
      package: z.string().min(1).max(214),
      version: z.string().min(1).max(128),
      registry: z.enum(["npm", "debian", "upload"]),
      /** Files of the package the text came from. */
      files: z.array(z.string().min(1).max(1024)).max(10_000),
      /** How the text was extracted (collection method), for the auditor. */
      extraction: z.string().max(10_000),
    }),
    counts: z.strictObject({ documents: count, bytes: count, tokens: count }),
    shards: z.array(ZShard).max(100_000),
    /** Material kept for the audit features only (e.g. real PII): never allowed in a data mix. */
    audit_only: z.boolean().default(false),
  })
  .superRefine((card, ctx) => {
    const keys = new Set<string>();
    let rows = 0;
    card.shards.forEach((shard, i) => {
      if (keys.has(shard.key))
        ctx.addIssue({
          code: "custom",
          path: ["shards", i, "key"],
          message: `shards[${i}].key repeats ${shard.key}`,
        });
      keys.add(shard.key);
      rows += shard.rows;
    });
    if (card.shards.length > 0 && rows !== card.counts.documents) {
      ctx.addIssue({
        code: "custom",
        path: ["counts", "documents"],
        message: `counts.documents (${card.counts.documents}) must equal the shards' rows (${rows})`,
      });
    }
  });

export type TDatasetCard = z.output<typeof ZDatasetCard>;
export type TDatasetCardInput = z.input<typeof ZDatasetCard>;
