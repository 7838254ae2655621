// For `npm test`: PostgreSQL must be a real server (tests never run on PGlite); Redis is started if missing.
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  SetupError,
  ensureRedis,
  postgresReachable,
} from "./services.mjs";

const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
try {
  if (!(await postgresReachable(databaseUrl))) {
    throw new SetupError(`PostgreSQL is unreachable at ${databaseUrl}: start it or set DATABASE_URL`);
  }
  // A redis-server started here outlives this script on purpose: the test run needs it until the end.
  const children = [];
  await ensureRedis(children, redisUrl, { explicit: Boolean(process.env.REDIS_URL) });
  for (const child of children) child.unref();
  console.log(`services: PostgreSQL ${databaseUrl}, Redis ${redisUrl}`);
  process.exit(0);
} catch (error) {
  console.error(error instanceof SetupError ? error.message : error);
  process.exit(1);
}
