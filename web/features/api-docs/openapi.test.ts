import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS, buildOpenApiDocument } from "./openapi";

const apiDir = path.resolve(import.meta.dirname, "../../app/api");
// Routes that are not part of the JSON API: next-auth's own handlers and this document itself.
const UNDOCUMENTED = new Set(["/api/auth/{nextauth}", "/api/openapi.json"]);

/** Every (method, path) the route files export, with `[param]` folders written as `{param}`. */
function routeOperations(dir = apiDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeOperations(full);
    if (entry.name !== "route.ts") return [];
    const route =
      "/api/" +
      path
        .relative(apiDir, dir)
        .split(path.sep)
        .map((part) => part.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
        .join("/");
    if (UNDOCUMENTED.has(route)) return [];
    const methods = [...readFileSync(full, "utf8").matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)];
    return methods.map((match) => `${match[1]!.toLowerCase()} ${route}`);
  });
}

describe("the OpenAPI document", () => {
  it("documents every JSON route the app serves, and no route that does not exist", () => {
    const documented = OPERATIONS.map((op) => `${op.method} ${op.path.split("?")[0]}`).sort();
    expect(documented).toEqual(routeOperations().sort());
  });

  it("describes request bodies with the handlers' zod schemas", () => {
    const document = buildOpenApiDocument();
    const openProposal = document.paths["/api/projects/{slug}/proposals"]?.post as {
      requestBody: { content: { "application/json": { schema: { required?: string[] } } } };
    };
    expect(openProposal.requestBody.content["application/json"].schema.required).toContain("title");
  });
});
