// The object store's configuration, parsed with zod: from a given source (tests, e2e) or this process's environment.
import { z } from "zod";

const ZStoreEnv = z.discriminatedUnion("FORGE_OBJECT_STORE", [
  z.object({
    FORGE_OBJECT_STORE: z.literal("fs"),
    FORGE_DATA_DIR: z.string().min(1).optional(),
  }),
  z.object({
    FORGE_OBJECT_STORE: z.literal("s3"),
    S3_ENDPOINT: z.url("must be an http(s) URL such as http://minio:9000"),
    S3_BUCKET: z.string({ error: "is not set" }).min(1),
    S3_ACCESS_KEY_ID: z.string({ error: "is not set" }).min(1),
    S3_SECRET_ACCESS_KEY: z.string({ error: "is not set" }).min(1),
    S3_REGION: z.string().min(1).default("us-east-1"),
  }),
]);

export type TStoreEnv = z.output<typeof ZStoreEnv>;

/** Bad configuration throws one line naming the variable. */
export function parseStoreEnv(source: Record<string, unknown>): TStoreEnv {
  const result = ZStoreEnv.safeParse({ ...source, FORGE_OBJECT_STORE: source.FORGE_OBJECT_STORE || "fs" });
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw new Error(`Configuration error: ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}`);
}

export const readStoreEnv = (): TStoreEnv => parseStoreEnv(process.env);
