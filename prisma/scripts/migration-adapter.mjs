// A driver-adapter factory for Prisma 6's wasm schema engine ("js" engine), used only by migrations.
// Two fixes over the stock PrismaPg factory:
//  - the migration engine reads pg_catalog columns whose types adapter-pg cannot map
//    (prisma/orm#27403: 'name', 'char', ...): this process reports them to the adapter as text;
//  - connectToShadowDb() must target a fresh database even when given a connection string, and must close
//    its pool before dropping that database.
import pg from "pg";
import { PrismaPg } from "prisma6-adapter-pg";

const TEXT_OID = 25;
const CATALOG_OIDS_AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 1033, 2205, 2206]);

function reportCatalogTypesAsText(res) {
  for (const field of res?.fields ?? []) {
    if (CATALOG_OIDS_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return res;
}

// pg-pool calls query(config, values, callback); direct callers use the promise form.
class CatalogTextClient extends pg.Client {
  query(...args) {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err, res) => last(err, err ? res : reportCatalogTypesAsText(res));
      return super.query(...args);
    }
    const result = super.query(...args);
    return typeof result?.then === "function" ? result.then(reportCatalogTypesAsText) : result;
  }
}

function poolConfig(connectionString, database) {
  const url = new URL(connectionString);
  return {
    Client: CatalogTextClient,
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: database ?? decodeURIComponent(url.pathname.slice(1)),
    max: 4,
  };
}

export function migrationAdapterFactory(connectionString) {
  const main = new PrismaPg(poolConfig(connectionString));
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const database = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(poolConfig(connectionString));
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      await admin.end();
      const shadow = await new PrismaPg(poolConfig(connectionString, database)).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(poolConfig(connectionString));
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${database}"`);
        await dropper.end();
      };
      return shadow;
    },
  };
}
