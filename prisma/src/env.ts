// The database client's configuration, parsed with zod from this process's environment.
import { z } from "zod";

const ZDatabaseEnv = z.object({ DATABASE_URL: z.string({ error: "is not set" }).min(1, "is not set") });

export function readDatabaseUrl(): string {
  const result = ZDatabaseEnv.safeParse(process.env);
  if (!result.success) throw new Error("DATABASE_URL is not set");
  return result.data.DATABASE_URL;
}
