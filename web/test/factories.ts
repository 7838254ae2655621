import { randomBytes } from "node:crypto";
import { MAIN_REF, compareAndSwapRef, getPrisma, writeRevision, type Role } from "@forge/db";
import type { TProjectAction } from "@/features/projects/permissions";
import { authorizeProject, type TProjectAccess } from "@/features/projects/server/authorize-project";

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

/** A plan of record small enough to check on the CPU: a two-layer model on one dataset, two seeds. */
export const PLAN = {
  "architecture.yaml": {
    vocab: 256,
    d_model: 32,
    norm: "rmsnorm",
    tie_embeddings: true,
    positional: "rope",
    max_seq: 32,
    layers: [
      { type: "attention", heads: 2, rope: true },
      { type: "mlp", d_ff: 64, act: "swiglu" },
    ],
  },
  "datamix.yaml": { sources: { books: 1 }, tokenizer: "forge-bpe-test", seq_len: 32 },
  "datasets/books.yaml": {
    name: "books",
    description: "test text",
    license: "CC0-1.0",
    provenance: { package: "test", version: "1.0.0", registry: "upload", files: [], extraction: "none" },
    counts: { documents: 0, bytes: 0, tokens: 0 },
    shards: [],
  },
  "recipe.yaml": {
    tokens: 4096,
    batch_tokens: 256,
    seq_len: 32,
    optimizer: { name: "adamw", lr: 0.003, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1 },
    schedule: { warmup: 1, decay: "cosine", min_lr_ratio: 0.1 },
    seeds: [1, 2],
  },
};

/** createProjectWithMembers with PLAN on main and checks on: every commit to a proposal queues a check. */
export async function createProjectWithPlan(options: { budget: number }) {
  const prisma = getPrisma();
  const { project, members } = await createProjectWithMembers();
  await prisma.project.update({
    where: { id: project.id },
    data: { checksEnabled: true, gpuBudgetPerUser: options.budget },
  });
  const root = await writeRevision(prisma, {
    projectId: project.id,
    parents: [],
    docs: PLAN,
    authorId: null,
    authorName: "seed",
    message: "root",
  });
  await compareAndSwapRef(prisma, { projectId: project.id, name: MAIN_REF, expected: null, next: root });
  return { project, members, root };
}

/**
 * Calls a project's server function as its route would: with the caller's access to the project checked for
 * the action first (401, 403 and 404 come from there).
 */
export async function asCaller<A extends TProjectAction, T>(
  slug: string,
  userId: string | null,
  action: A,
  run: (access: TProjectAccess<A>) => Promise<T>,
): Promise<T> {
  return run(await authorizeProject({ slug, userId, action }));
}
