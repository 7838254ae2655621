// The demo: one project with its members. Idempotent: running it twice changes nothing. Its data, tokenizer,
// plan of record and example proposals are seeded by the workers (workers/src/seed), which ingest the data
// the plan's dataset cards describe.
import type { PrismaClient, Role } from "../generated/client";
import { hashPassword } from "../src/password";
import { readDemoPassword } from "./env";

export const DEMO_PROJECT = { slug: "nemo-proxy", name: "Nemo proxy" } as const;
/** The local demo's well-known password; a deployment (docker compose) must choose its own. */
export const DEMO_PASSWORD = readDemoPassword();

export const DEMO_USERS: { email: string; handle: string; name: string; role: Role }[] = [
  { email: "admin@forge.local", handle: "admin", name: "Ada Admin", role: "ADMIN" },
  { email: "maintainer@forge.local", handle: "maintainer", name: "Max Maintainer", role: "MAINTAINER" },
  { email: "contributor@forge.local", handle: "contributor", name: "Cora Contributor", role: "CONTRIBUTOR" },
  { email: "viewer@forge.local", handle: "viewer", name: "Vic Viewer", role: "VIEWER" },
];

export async function seedDemo(prisma: PrismaClient) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const project = await prisma.project.upsert({
    where: { slug: DEMO_PROJECT.slug },
    update: {},
    create: {
      ...DEMO_PROJECT,
      checksEnabled: true,
      description:
        "A 6-layer GPT proxy trained in the open: architecture, data mix, recipe and eval suite are versioned " +
        "artifacts; changes arrive as proposals with evidence from proxy-scale runs.",
    },
  });
  for (const user of DEMO_USERS) {
    const row = await prisma.user.upsert({
      where: { email: user.email },
      update: {},
      create: { email: user.email, handle: user.handle, name: user.name, passwordHash },
    });
    await prisma.membership.upsert({
      where: { projectId_userId: { projectId: project.id, userId: row.id } },
      update: {},
      create: { projectId: project.id, userId: row.id, role: user.role },
    });
  }
  return project;
}
