// The one way a Prisma JSON column is written and read: a zod schema per column, checked both ways. A write
// stores what the schema parses (so a read gives it back); a read of stored data the schema rejects throws
// JsonColumnError naming the column and the field, instead of handing a wrong shape on as if it were right.
import { formatFieldPath } from "@forge/spec";
import type { z } from "zod";
import type { Prisma } from "../generated/client";

/** JSON its column's schema rejects: `Run.final holds bad data: trainLoss: Invalid input: expected number, ...`. */
export class JsonColumnError extends Error {
  override name = "JsonColumnError";
}

export type TJsonColumn<TSchema extends z.ZodType<Prisma.InputJsonValue>> = {
  /** `Table.column`, as errors name it. */
  readonly column: string;
  readonly schema: TSchema;
  /** What to hand Prisma: the value as the schema parses it (defaults filled in); throws when it breaks the schema. */
  write(value: z.input<TSchema>): z.output<TSchema>;
  read(json: Prisma.JsonValue): z.output<TSchema>;
  /** For a nullable column: SQL NULL reads as null. */
  readNullable(json: Prisma.JsonValue | null): z.output<TSchema> | null;
};

const describe = (error: z.ZodError) =>
  error.issues
    .map((issue) => {
      const field = formatFieldPath(issue.path);
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join("; ");

/**
 * A column's codec. The schema's output must be JSON (Prisma.InputJsonValue), checked by the compiler, so
 * `write` needs no cast; use schemas without transforms, so that what is written parses back the same.
 */
export function jsonColumn<TSchema extends z.ZodType<Prisma.InputJsonValue>>(
  column: string,
  schema: TSchema,
): TJsonColumn<TSchema> {
  const parse = (value: unknown, problem: string): z.output<TSchema> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new JsonColumnError(`${column} ${problem}: ${describe(result.error)}`);
    return result.data;
  };
  const read = (json: Prisma.JsonValue) => parse(json, "holds bad data");
  return {
    column,
    schema,
    write: (value) => parse(value, "refused a value"),
    read,
    readNullable: (json) => (json === null ? null : read(json)),
  };
}
