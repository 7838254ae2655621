// `tsx workers/src/seed/main.ts`: the demo project's data, tokenizer, plan of record and proposals (after
// prisma/seed/main.ts has created the project and its members). DATABASE_URL and the object store variables
// (FORGE_DATA_DIR, or FORGE_OBJECT_STORE=s3 ...) come from the environment.
import { createPrismaClient } from "@forge/db";
import { defaultObjectStore } from "@forge/core/storage";
import { seedDemoData } from "./seed-demo-data";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const prisma = createPrismaClient(url);
const started = Date.now();
try {
  const project = await seedDemoData({
    prisma,
    store: defaultObjectStore(),
    log: (message) => console.log(`seed: ${message}`),
  });
  console.log(`seeded the data and plan of record of '${project.slug}' in ${Date.now() - started} ms`);
} finally {
  await prisma.$disconnect();
}
