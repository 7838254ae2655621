import { createPrismaClient } from "../src/client";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./seed";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const prisma = createPrismaClient(url);
const project = await seedDemo(prisma);
await prisma.$disconnect();
const [admin] = DEMO_USERS;
console.log(
  `seeded project '${project.slug}'; demo login ${admin?.email ?? "(no demo user)"} / ${DEMO_PASSWORD}`,
);
