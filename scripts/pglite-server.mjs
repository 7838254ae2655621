// Embedded PostgreSQL for machines without one: PGlite served over the Postgres wire protocol.
// PGlite is single-session underneath; fine for a one-user demo, never the default when Postgres is reachable.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const [port, dataDir] = process.argv.slice(2);
const db = await PGlite.create(dataDir);
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: Number(port), maxConnections: 32 });
await server.start();
console.log(`embedded PGlite (data in ${dataDir}) listening on 127.0.0.1:${port}`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
