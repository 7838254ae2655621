import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { MAIN_REF, compareAndSwapRef, getPrisma, readRef, readRevision, writeRevision } from "@forge/db";
import { AppError } from "@/lib/errors";
import { asCaller, createProjectWithMembers } from "@/test/factories";
import { openProposal } from "./open-proposal";
import { commitToProposal } from "./commit-to-proposal";
import { submitReview } from "./submit-review";
import { mergeProposal } from "./merge-proposal";
import { closeProposal } from "./close-proposal";
import { addComment } from "./add-comment";
import { getProposal } from "./get-proposal";

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const ARCH = {
  vocab: 256,
  d_model: 32,
  norm: "rmsnorm",
  tie_embeddings: true,
  positional: "rope",
  max_seq: 64,
  layers: [
    { type: "attention", heads: 2, rope: true },
    { type: "mlp", d_ff: 64, act: "swiglu" },
    { type: "attention", heads: 2, rope: true },
    { type: "mlp", d_ff: 64, act: "swiglu" },
  ],
};
const RECIPE = {
  tokens: 4096,
  batch_tokens: 512,
  seq_len: 32,
  optimizer: { name: "adamw", lr: 0.003, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1 },
  schedule: { warmup: 1, decay: "cosine", min_lr_ratio: 0.1 },
  seeds: [1],
};

let ctx: Awaited<ReturnType<typeof setup>>;
async function setup() {
  const { project, members } = await createProjectWithMembers();
  const root = await writeRevision(prisma, {
    projectId: project.id,
    parents: [],
    docs: { "architecture.yaml": ARCH, "recipe.yaml": RECIPE },
    authorId: null,
    authorName: "seed",
    message: "root",
  });
  await compareAndSwapRef(prisma, { projectId: project.id, name: MAIN_REF, expected: null, next: root });
  return { slug: project.slug, projectId: project.id, members, root };
}
beforeEach(async () => {
  ctx = await setup();
});

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof AppError ? e.status : 500),
  );

async function openWithArch(title: string, layers: unknown[], who = ctx.members.CONTRIBUTOR.id) {
  const proposal = await asCaller(ctx.slug, who, "proposal.open", (access) =>
    openProposal({ access, input: { title, body: "" } }),
  );
  const { revision } = await asCaller(ctx.slug, who, "proposal.commit", (access) =>
    commitToProposal({
      access,
      number: proposal.number,
      input: {
        expectedHead: proposal.baseRevision,
        message: title,
        changes: [{ path: "architecture.yaml", content: stringify({ ...ARCH, layers }) }],
      },
    }),
  );
  return { number: proposal.number, revision };
}

const approve = (number: number) =>
  asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.review", (access) =>
    submitReview({ access, number, input: { verdict: "APPROVE", body: "" } }),
  );

describe("proposals", () => {
  it("refuses VIEWERs, numbers proposals per project, and records audit events", async () => {
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.VIEWER.id, "proposal.open", (access) =>
          openProposal({ access, input: { title: "x", body: "" } }),
        ),
      ),
    ).toBe(403);
    const first = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "a", body: "" } }),
    );
    const second = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "b", body: "" } }),
    );
    expect([first.number, second.number]).toEqual([1, 2]);
    expect(
      await prisma.auditEvent.count({ where: { projectId: ctx.projectId, action: "proposal.open" } }),
    ).toBe(2);
  });

  it("rejects an invalid edit naming the field, and leaves the proposal ref where it was", async () => {
    const proposal = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "bad", body: "" } }),
    );
    const layers = [{ type: "attention", heads: 2, kv_heads: 3, rope: true }];
    const attempt = asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.commit", (access) =>
      commitToProposal({
        access,
        number: proposal.number,
        input: {
          expectedHead: proposal.baseRevision,
          message: "bad",
          changes: [{ path: "architecture.yaml", content: stringify({ ...ARCH, layers }) }],
        },
      }),
    );
    await expect(attempt).rejects.toThrow(/^architecture\.yaml: layers\[0\]\.kv_heads must divide heads/);
    expect(await readRef(prisma, ctx.projectId, "proposals/1")).toBe(proposal.baseRevision);
  });

  it("lets only one of two edits from the same head land", async () => {
    const proposal = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "race", body: "" } }),
    );
    const edit = (d_ff: number) =>
      asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.commit", (access) =>
        commitToProposal({
          access,
          number: proposal.number,
          input: {
            expectedHead: proposal.baseRevision,
            message: `d_ff ${d_ff}`,
            changes: [
              {
                path: "architecture.yaml",
                content: stringify({ ...ARCH, layers: [ARCH.layers[0], { type: "mlp", d_ff, act: "gelu" }] }),
              },
            ],
          },
        }),
      );
    const results = await Promise.allSettled([edit(96), edit(128)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).status).toBe(409);
  });

  it("merges only with a maintainer's approval of the head, fast-forwarding main", async () => {
    const layers = ARCH.layers.map((l, i) =>
      i === 2 ? { type: "mamba2", d_state: 16, expand: 2, head_dim: 16, chunk: 16 } : l,
    );
    const { number, revision } = await openWithArch("mamba", layers);
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.merge", (access) =>
          mergeProposal({ access, number }),
        ),
      ),
    ).toBe(403);
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
          mergeProposal({ access, number }),
        ),
      ),
    ).toBe(409);
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.review", (access) =>
          submitReview({ access, number, input: { verdict: "APPROVE", body: "" } }),
        ),
      ),
    ).toBe(403);
    await approve(number);
    const view = await asCaller(ctx.slug, null, "project.read", (access) => getProposal({ access, number }));
    expect(view.diff.architecture?.layers).toEqual([
      expect.objectContaining({ index: 2, status: "type_changed" }),
    ]);
    expect(view.diff.architecture?.parameters.total.delta).not.toBe(0);
    const merged = await asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
      mergeProposal({ access, number }),
    );
    expect(merged).toEqual({ revision, fastForward: true });
    expect(await readRef(prisma, ctx.projectId, MAIN_REF)).toBe(revision);
  });

  it("refuses an approval of a head the reviewer did not see", async () => {
    const first = await openWithArch(
      "wider",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 96 } : l)),
    );
    const seen = first.revision;
    // The author pushes again while the maintainer reads the page showing `seen`.
    await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.commit", (access) =>
      commitToProposal({
        access,
        number: first.number,
        input: {
          expectedHead: seen,
          message: "wider still",
          changes: [
            {
              path: "architecture.yaml",
              content: stringify({
                ...ARCH,
                layers: ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 128 } : l)),
              }),
            },
          ],
        },
      }),
    );
    const review = (revision: string) =>
      asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.review", (access) =>
        submitReview({ access, number: first.number, input: { verdict: "APPROVE", body: "", revision } }),
      );
    await expect(review(seen)).rejects.toThrow(/^revision: the proposal's head moved to/);
    expect(await prisma.review.count({ where: { proposal: { projectId: ctx.projectId } } })).toBe(0);
    const head = (
      await asCaller(ctx.slug, null, "project.read", (access) =>
        getProposal({ access, number: first.number }),
      )
    ).proposal.headRevision;
    expect((await review(head)).revision).toBe(head);
  });

  it("refuses a commit that breaks a rule across artifacts, naming the artifact and field", async () => {
    const proposal = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "long context", body: "" } }),
    );
    const commit = asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.commit", (access) =>
      commitToProposal({
        access,
        number: proposal.number,
        input: {
          expectedHead: proposal.baseRevision,
          message: "seq_len 128",
          changes: [
            { path: "recipe.yaml", content: stringify({ ...RECIPE, seq_len: 128, batch_tokens: 512 }) },
          ],
        },
      }),
    );
    await expect(commit).rejects.toThrow("recipe.yaml: seq_len (128) exceeds architecture max_seq (64)");
    expect(await readRef(prisma, ctx.projectId, `proposals/${proposal.number}`)).toBe(proposal.baseRevision);
  });

  it("refuses only the cross-artifact problems a commit brings in, not those its base already had", async () => {
    // A main written before the rule: its mix names a source with no card.
    const legacy = await writeRevision(prisma, {
      projectId: ctx.projectId,
      parents: [ctx.root],
      docs: {
        "architecture.yaml": ARCH,
        "recipe.yaml": RECIPE,
        "datamix.yaml": { sources: { books: 1 }, tokenizer: "bpe", seq_len: 32 },
      },
      authorId: null,
      authorName: "seed",
      message: "legacy mix",
    });
    await compareAndSwapRef(prisma, {
      projectId: ctx.projectId,
      name: MAIN_REF,
      expected: ctx.root,
      next: legacy,
    });
    const { number, revision } = await openWithArch(
      "still fine",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 72 } : l)),
    );
    const longer = asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.commit", (access) =>
      commitToProposal({
        access,
        number,
        input: {
          expectedHead: revision,
          message: "seq_len 128",
          changes: [
            { path: "recipe.yaml", content: stringify({ ...RECIPE, seq_len: 128, batch_tokens: 512 }) },
          ],
        },
      }),
    );
    await expect(longer).rejects.toThrow("recipe.yaml: seq_len (128) exceeds architecture max_seq (64)");
  });

  it("opens proposals only from main's history, not from another proposal's head", async () => {
    const other = await openWithArch(
      "unreviewed",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 80 } : l)),
    );
    const open = (baseRevision: string) =>
      asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
        openProposal({ access, input: { title: "on top", body: "", baseRevision } }),
      );
    await expect(open(other.revision)).rejects.toThrow(
      /^baseRevision: [0-9a-f]{12} is not a revision of main$/,
    );
    expect((await open(ctx.root)).baseRevision).toBe(ctx.root);
  });

  it("stops counting the approval of a maintainer who has since been demoted", async () => {
    const { number } = await openWithArch(
      "narrow",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 48 } : l)),
    );
    await approve(number);
    expect(
      (await asCaller(ctx.slug, null, "project.read", (access) => getProposal({ access, number }))).readiness
        .ready,
    ).toBe(true);
    await prisma.membership.update({
      where: { projectId_userId: { projectId: ctx.projectId, userId: ctx.members.MAINTAINER.id } },
      data: { role: "CONTRIBUTOR" },
    });
    const readiness = (
      await asCaller(ctx.slug, null, "project.read", (access) => getProposal({ access, number }))
    ).readiness;
    expect(readiness).toMatchObject({ ready: false, approvals: [] });
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.ADMIN.id, "proposal.merge", (access) =>
          mergeProposal({ access, number }),
        ),
      ),
    ).toBe(409);
  });

  it("lets only one of a racing close and merge land, leaving a consistent proposal", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { number, revision } = await openWithArch(
        `race ${attempt}`,
        ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 64 + 16 * (attempt + 1) } : l)),
      );
      await approve(number);
      const outcomes = await Promise.all([
        status(
          asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
            mergeProposal({ access, number }),
          ),
        ),
        status(
          asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.close", (access) =>
            closeProposal({ access, number }),
          ),
        ),
      ]);
      expect(outcomes.sort()).toEqual([200, 400]);
      const proposal = await prisma.proposal.findUniqueOrThrow({
        where: { projectId_number: { projectId: ctx.projectId, number } },
      });
      if (proposal.state === "MERGED") expect(proposal.mergedRevision).not.toBeNull();
      else expect(proposal).toMatchObject({ state: "CLOSED", mergedRevision: null });
      expect((await readRef(prisma, ctx.projectId, MAIN_REF)) === revision).toBe(proposal.state === "MERGED");
    }
  });

  it("three-way merges edits to different layers, and stops on a conflicting field", async () => {
    const a = await openWithArch(
      "layer 1 wider",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 96 } : l)),
    );
    const b = await openWithArch(
      "layer 3 wider",
      ARCH.layers.map((l, i) => (i === 3 ? { ...l, d_ff: 128 } : l)),
    );
    const c = await openWithArch(
      "layer 1 narrower",
      ARCH.layers.map((l, i) => (i === 1 ? { ...l, d_ff: 48 } : l)),
    );
    for (const p of [a, b, c]) await approve(p.number);
    await asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
      mergeProposal({ access, number: a.number }),
    );
    const second = await asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
      mergeProposal({ access, number: b.number }),
    );
    expect(second.fastForward).toBe(false);
    const main = await readRevision(prisma, ctx.projectId, second.revision);
    const layers = (main!.docs["architecture.yaml"] as typeof ARCH).layers as { d_ff?: number }[];
    expect([layers[1]!.d_ff, layers[3]!.d_ff]).toEqual([96, 128]);
    expect(main!.revision.parents).toHaveLength(2);

    const conflict = asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.merge", (access) =>
      mergeProposal({ access, number: c.number }),
    );
    await expect(conflict).rejects.toMatchObject({
      status: 409,
      details: {
        conflicts: [
          expect.objectContaining({
            path: "architecture.yaml",
            pointer: "/layers/1/d_ff",
            ours: 96,
            theirs: 48,
          }),
        ],
      },
    });
    expect(await readRef(prisma, ctx.projectId, MAIN_REF)).toBe(second.revision);
  });

  it("keeps a comment's markdown inert and anchors it to an artifact path", async () => {
    const proposal = await asCaller(ctx.slug, ctx.members.CONTRIBUTOR.id, "proposal.open", (access) =>
      openProposal({ access, input: { title: "c", body: "" } }),
    );
    await asCaller(ctx.slug, ctx.members.MAINTAINER.id, "proposal.comment", (access) =>
      addComment({
        access,
        number: proposal.number,
        input: {
          body: "<script>alert(1)</script> [x](javascript:alert(1))",
          anchor: "architecture.yaml#/layers/2",
        },
      }),
    );
    const view = await asCaller(ctx.slug, null, "project.read", (access) =>
      getProposal({ access, number: proposal.number }),
    );
    expect(view.comments[0]!.anchor).toBe("architecture.yaml#/layers/2");
    expect(view.comments[0]!.bodyHtml).not.toMatch(/<script|href="javascript/i);
    expect(
      await status(
        asCaller(ctx.slug, ctx.members.VIEWER.id, "proposal.comment", (access) =>
          addComment({ access, number: proposal.number, input: { body: "hi" } }),
        ),
      ),
    ).toBe(403);
  });
});
