// Keeps every read of a Prisma JSON column going through its codec (jsonColumn): a cast would hand on stored
// JSON as whatever type the caster hoped for. Scans the source of every package that touches the database.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["web", "workers", "prisma/src", "prisma/seed", "tests"];
// This file plants the casts it looks for.
const SKIPPED = new Set([
  "node_modules",
  ".next",
  "generated",
  "dist",
  "test-results",
  path.basename(import.meta.filename),
]);

/** The Json fields of the schema's models (Run.final, Check.summary, ...). */
function jsonFields(schema: string): string[] {
  const fields = new Set<string>();
  for (const match of schema.matchAll(/^\s+(\w+)\s+Json\??(\s|$)/gm)) fields.add(match[1]!);
  return [...fields].sort();
}

/** What breaks the rule in one file's text: `line: offending code`. */
function jsonCastProblems(source: string, fields: readonly string[]): string[] {
  const patterns = [
    // A cast of a column: run.final as TRunFinal, (dataset.stats?.stats ?? {}) as ..., check.summary as unknown as
    new RegExp(String.raw`\.(?:${fields.join("|")})\b(?:\s*\?\?[^;\n]*?)?\)?\s*\bas\s+(?!const\b)\S+`, "g"),
    // A value passed off as Prisma JSON instead of written through its column's codec.
    /\b(?:as|satisfies)\s+(?:unknown\s+as\s+)?Prisma\.(?:Input)?Json(?:Value|Object|Array)\b/g,
    // The double cast that gets around the compiler, in code that touches the database.
    ...(/from "@forge\/db"/.test(source) ? [/\bas\s+unknown\s+as\b/g] : []),
  ];
  const problems: string[] = [];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split("\n").length;
      problems.push(`${line}: ${match[0].replace(/\s+/g, " ")}`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const FIELDS = jsonFields(readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8"));

describe("Prisma JSON columns", () => {
  it("are found in the schema", () => {
    expect(FIELDS).toEqual(expect.arrayContaining(["adapter", "cost", "final", "json", "summary", "tree"]));
  });

  it("are never cast: every read parses through the column's codec", () => {
    const problems = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
      jsonCastProblems(readFileSync(file, "utf8"), FIELDS).map(
        (problem) => `${path.relative(ROOT, file)}:${problem}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  it("catches the casts it is meant to", () => {
    const planted = [
      "const summary = check.summary as unknown as TCheckSummary;",
      "const cost = (run.cost as TRunCost | null)?.gpuSeconds;",
      "const stats = (dataset.stats?.stats ?? {}) as Prisma.JsonObject;",
      "const audit = (dataset.stats?.stats as { audit?: TAuditSummary } | undefined)?.audit;",
      "const adapter = w.adapter as {\n  kind: string;\n};",
      "data: { cost: cost as Prisma.InputJsonValue }",
      "const trainedOn = { sampleBytes } satisfies Prisma.InputJsonValue;",
      'import { getPrisma } from "@forge/db";\nconst x = value as unknown as Thing;',
    ];
    for (const source of planted) expect(jsonCastProblems(source, FIELDS), source).not.toEqual([]);
    const clean = [
      "const summary = checkSummary.read(check.summary);",
      "const body = (await response.json()) as { error?: string };",
      'const kinds = ["a", "b"] as const;',
      "const limits = adapter.limits as unknown as Record<string, unknown>;",
    ];
    for (const source of clean) expect(jsonCastProblems(source, FIELDS), source).toEqual([]);
  });
});
