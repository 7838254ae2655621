import { randomBytes } from "node:crypto";
import { getPrisma, type Role } from "@forge/db";

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

export async function createUser(prefix = "user") {
  const handle = uniqueName(prefix);
  return getPrisma().user.create({ data: { email: `${handle}@test.local`, handle } });
}

/** A fresh project with one member per requested role; returns the users by role. */
export async function createProjectWithMembers(
  roles: Role[] = ["ADMIN", "MAINTAINER", "CONTRIBUTOR", "VIEWER"],
) {
  const prisma = getPrisma();
  const project = await prisma.project.create({ data: { slug: uniqueName("proj"), name: "Test project" } });
  const members = {} as Record<Role, { id: string; handle: string }>;
  for (const role of roles) {
    const user = await createUser(role.toLowerCase());
    await prisma.membership.create({ data: { projectId: project.id, userId: user.id, role } });
    members[role] = user;
  }
  return { project, members };
}
