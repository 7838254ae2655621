import { describe, expect, it } from "vitest";
import { z } from "zod";
import { JsonColumnError, jsonColumn } from "./json-column";

const column = jsonColumn(
  "Run.final",
  z.object({
    steps: z.number(),
    sources: z.record(z.string(), z.object({ bpb: z.number() })),
    version: z.literal(1).default(1),
  }),
);

describe("jsonColumn", () => {
  it("writes what the schema parses, defaults filled in, and reads it back the same", () => {
    const written = column.write({ steps: 4, sources: { books: { bpb: 1.5 } } });
    expect(written).toEqual({ steps: 4, sources: { books: { bpb: 1.5 } }, version: 1 });
    expect(column.read(JSON.parse(JSON.stringify(written)))).toEqual(written);
  });

  it("refuses bad stored data, naming the column and the field", () => {
    expect(() => column.read({ steps: 4, sources: { books: { bpb: "1.5" } } })).toThrow(
      new JsonColumnError(
        "Run.final holds bad data: sources.books.bpb: Invalid input: expected number, received string",
      ),
    );
    expect(() => column.read([])).toThrow(/^Run\.final holds bad data: Invalid input: expected object/);
  });

  it("refuses to write a value JSON cannot hold as it is (NaN would be stored as null)", () => {
    expect(() => column.write({ steps: Number.NaN, sources: {} })).toThrow(
      /^Run\.final refused a value: steps: Invalid input: expected number, received NaN/,
    );
  });

  it("reads SQL NULL of a nullable column as null", () => {
    expect(column.readNullable(null)).toBeNull();
    expect(column.readNullable({ steps: 1, sources: {}, version: 1 })).toEqual({
      steps: 1,
      sources: {},
      version: 1,
    });
  });
});
