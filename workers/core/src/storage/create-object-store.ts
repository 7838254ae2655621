import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FilesystemObjectStore } from "./filesystem-store";
import { type ObjectStore } from "./object-store";
import { S3ObjectStore } from "./s3-store";
import { parseStoreEnv, type TStoreEnv } from "./env";

/**
 * The monorepo's root (the package.json with workspaces) above `start`. Web, worker and seed run from
 * different folders, so the default store must not depend on the working directory.
 */
function monorepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in (JSON.parse(readFileSync(manifest, "utf8")) as object))
      return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * The object store the environment selects: `FORGE_OBJECT_STORE=s3` (with S3_ENDPOINT, S3_BUCKET,
 * S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION) or, by default, files under FORGE_DATA_DIR (default
 * `.data/objects`). A relative FORGE_DATA_DIR is taken from the monorepo root, not the working directory, so
 * web (run in web/), worker (workers/) and seed (the root) share one store.
 * Bad configuration throws one line naming the variable.
 */
export function createObjectStore(source: Record<string, unknown>): ObjectStore {
  return objectStoreFor(parseStoreEnv(source));
}

/** The object store of already parsed configuration. */
export function objectStoreFor(env: TStoreEnv): ObjectStore {
  if (env.FORGE_OBJECT_STORE === "fs") {
    return new FilesystemObjectStore(
      resolve(monorepoRoot(process.cwd()), env.FORGE_DATA_DIR ?? ".data/objects"),
    );
  }
  return new S3ObjectStore({
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    region: env.S3_REGION,
  });
}
