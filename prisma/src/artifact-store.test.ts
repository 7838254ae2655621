import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "./client";
import {
  ArtifactValidationError,
  RefConflictError,
  compareAndSwapRef,
  mergeBase,
  readRef,
  readRevision,
  writeRevision,
} from "./artifact-store";

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const mix = (books: number) => ({
  sources: { books, code: 1 - books },
  tokenizer: "forge-bpe-8k",
  seq_len: 256,
});

async function newProject() {
  return prisma.project.create({
    data: { slug: `store-${randomBytes(4).toString("hex")}`, name: "store test" },
  });
}

async function commit(projectId: string, parents: string[], books: number, message = "edit") {
  return writeRevision(prisma, {
    projectId,
    parents,
    docs: { "datamix.yaml": mix(books) },
    authorId: null,
    authorName: "test",
    message,
  });
}

describe("artifact store", () => {
  it("stores identical documents once, content-addressed", async () => {
    const project = await newProject();
    const a = await commit(project.id, [], 0.5, "first");
    const b = await commit(project.id, [a], 0.5, "same content, new revision");
    expect(a).not.toBe(b);
    expect(await prisma.blob.count({ where: { projectId: project.id } })).toBe(1);
    const read = await readRevision(prisma, project.id, b);
    expect(read?.docs["datamix.yaml"]).toMatchObject({ sources: { books: 0.5, code: 0.5 } });
  });

  it("reads documents back in the schema's key order, not JSONB's", async () => {
    const project = await newProject();
    const hash = await commit(project.id, [], 0.5);
    const read = await readRevision(prisma, project.id, hash);
    // JSONB alone would answer sources, seq_len, version, tokenizer (shortest key first).
    expect(Object.keys(read?.docs["datamix.yaml"] as object)).toEqual([
      "version",
      "sources",
      "tokenizer",
      "seq_len",
    ]);
  });

  it("refuses an invalid document naming the field, and writes nothing", async () => {
    const project = await newProject();
    const attempt = writeRevision(prisma, {
      projectId: project.id,
      parents: [],
      docs: { "datamix.yaml": { ...mix(0.5), sources: { books: 0.7, code: 0.7 } } },
      authorId: null,
      authorName: "test",
      message: "bad",
    });
    await expect(attempt).rejects.toBeInstanceOf(ArtifactValidationError);
    await expect(attempt).rejects.toThrow(/^datamix\.yaml: sources/);
    expect(await prisma.revision.count({ where: { projectId: project.id } })).toBe(0);
    expect(await prisma.blob.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("lets exactly one of two racing writers move a ref; the loser gets a conflict", async () => {
    const project = await newProject();
    const root = await commit(project.id, [], 0.5, "root");
    await compareAndSwapRef(prisma, { projectId: project.id, name: "main", expected: null, next: root });
    const [left, right] = await Promise.all([
      commit(project.id, [root], 0.6),
      commit(project.id, [root], 0.4),
    ]);

    const outcomes = await Promise.allSettled(
      [left, right].map((next) =>
        prisma.$transaction((tx) =>
          compareAndSwapRef(tx, { projectId: project.id, name: "main", expected: root, next }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(RefConflictError);
    // main points at the winner's commit, not at whichever of the two.
    const winner = outcomes[0]!.status === "fulfilled" ? left : right;
    expect(await readRef(prisma, project.id, "main")).toBe(winner);
  });

  it("refuses to create a ref that already exists", async () => {
    const project = await newProject();
    const root = await commit(project.id, [], 0.5);
    await compareAndSwapRef(prisma, { projectId: project.id, name: "main", expected: null, next: root });
    await expect(
      compareAndSwapRef(prisma, { projectId: project.id, name: "main", expected: null, next: root }),
    ).rejects.toBeInstanceOf(RefConflictError);
  });

  it("finds the nearest common ancestor of two lines", async () => {
    const project = await newProject();
    const root = await commit(project.id, [], 0.5, "root");
    const fork = await commit(project.id, [root], 0.55, "fork point");
    const ours = await commit(project.id, [fork], 0.6, "ours");
    const theirs1 = await commit(project.id, [fork], 0.4, "theirs 1");
    const theirs2 = await commit(project.id, [theirs1], 0.3, "theirs 2");
    expect(await mergeBase(prisma, project.id, ours, theirs2)).toBe(fork);
    expect(await mergeBase(prisma, project.id, fork, theirs2)).toBe(fork);
  });
});
