// The demo project's plan of record: a small GPT proxy sized so a check trains on a CPU worker in minutes,
// and two open proposals to review. Written after the demo data is ingested, because the plan carries the
// dataset cards (`datasets/<name>.yaml`) of its data-mix sources, with their shard hashes and counts.
import {
  MAIN_REF,
  compareAndSwapRef,
  proposalRef,
  readRef,
  readRevision,
  writeRevision,
  type PrismaClient,
  type TDocs,
} from "@forge/db";
import { canonicalJson } from "@forge/spec";

const block = () => [
  { type: "attention", heads: 4, kv_heads: 2, rope: true },
  { type: "mlp", d_ff: 256, act: "swiglu" },
];

export const DEMO_ARCHITECTURE = {
  vocab: 2048,
  d_model: 64,
  norm: "rmsnorm",
  tie_embeddings: true,
  positional: "rope",
  max_seq: 128,
  layers: [...block(), ...block(), ...block()],
  precision: { matmul: "fp32", keep_high_precision: [] },
};

export const DEMO_DATAMIX = {
  sources: {
    "moby-dick": 0.3,
    "state-of-the-union": 0.25,
    udhr: 0.1,
    "spdx-licenses": 0.15,
    "code-hyparquet": 0.2,
  },
  tokenizer: "forge-bpe-2k",
  seq_len: 64,
};

export const DEMO_RECIPE = {
  tokens: 131_072,
  batch_tokens: 4096,
  seq_len: 64,
  optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1.0 },
  schedule: { warmup: 4, decay: "cosine", min_lr_ratio: 0.1 },
  seeds: [1, 2],
  eval_every: 8,
  eval_tokens: 8192,
  check: { metric: "val_bpb", max_regression: 0.02 },
};

export const DEMO_EVALSUITE = {
  heldout: "per_source_bits_per_byte",
  // 64 items each (the default task_items): two tasks cost a few forward passes next to training.
  tasks: ["quiz-cloze", "wordnet-definitions"],
  ptq: [],
  inference_profile: { contexts: [128, 1024, 4096] },
};

/** Dataset cards by artifact path (`datasets/<name>.yaml`), as the data seed builds them. */
export type TDatasetCards = Record<string, unknown>;

const plan = (cards: TDatasetCards): TDocs => ({
  "architecture.yaml": DEMO_ARCHITECTURE,
  "datamix.yaml": DEMO_DATAMIX,
  "recipe.yaml": DEMO_RECIPE,
  "evalsuite.yaml": DEMO_EVALSUITE,
  ...cards,
});

export async function seedPlanOfRecord(
  prisma: PrismaClient,
  projectId: string,
  admin: { id: string; handle: string },
  cards: TDatasetCards,
) {
  if (await readRef(prisma, projectId, MAIN_REF)) return;
  await prisma.$transaction(async (tx) => {
    const root = await writeRevision(tx, {
      projectId,
      parents: [],
      docs: plan(cards),
      authorId: admin.id,
      authorName: admin.handle,
      message: "Plan of record: 3-block GPT proxy, five packaged sources, 131k-token proxy recipe",
    });
    await compareAndSwapRef(tx, { projectId, name: MAIN_REF, expected: null, next: root });
  });
}

export async function seedProposals(
  prisma: PrismaClient,
  projectId: string,
  author: { id: string; handle: string },
  cards: TDatasetCards,
) {
  if ((await prisma.proposal.count({ where: { projectId } })) > 0) return;
  const main = await readRef(prisma, projectId, MAIN_REF);
  if (main === null) throw new Error(`project ${projectId} has no ${MAIN_REF} ref to propose against`);
  const planDocs = plan(cards);
  const examples: { title: string; body: string; docs: TDocs }[] = [
    {
      title: "Wider MLP: d_ff 256 → 384",
      body: "A cheap capacity bump in the MLPs. Expect lower loss at equal tokens; check the FLOPs delta.",
      docs: {
        ...planDocs,
        "architecture.yaml": {
          ...DEMO_ARCHITECTURE,
          layers: DEMO_ARCHITECTURE.layers.map((l) => (l.type === "mlp" ? { ...l, d_ff: 384 } : l)),
        },
      },
    },
    {
      title: "+10% code, less Moby-Dick",
      body: "Shift ten points of the mix from `moby-dick` to `code-hyparquet`.",
      docs: {
        ...planDocs,
        "datamix.yaml": {
          ...DEMO_DATAMIX,
          sources: { ...DEMO_DATAMIX.sources, "moby-dick": 0.2, "code-hyparquet": 0.3 },
        },
      },
    },
  ];
  for (const [i, example] of examples.entries()) {
    const number = i + 1;
    await prisma.$transaction(async (tx) => {
      const proposal = await tx.proposal.create({
        data: {
          projectId,
          number,
          title: example.title,
          body: example.body,
          authorId: author.id,
          baseRevision: main,
          headRef: proposalRef(number),
        },
      });
      const head = await writeRevision(tx, {
        projectId,
        parents: [main],
        docs: example.docs,
        authorId: author.id,
        authorName: author.handle,
        message: example.title,
        proposalId: proposal.id,
      });
      await compareAndSwapRef(tx, { projectId, name: proposal.headRef, expected: null, next: head });
    });
  }
}

/**
 * Brings a ref's revision up to date with the dataset cards, for databases seeded before the plan carried
 * them: commits the missing or changed cards on top of the ref (compare-and-swap), or does nothing.
 */
export async function commitDatasetCards(
  prisma: PrismaClient,
  projectId: string,
  ref: string,
  author: { id: string; handle: string },
  cards: TDatasetCards,
) {
  const current = await readRef(prisma, projectId, ref);
  if (!current) return false;
  const revision = await readRevision(prisma, projectId, current);
  if (!revision) return false;
  const stale = Object.entries(cards).filter(
    ([path, card]) => canonicalJson(revision.docs[path]) !== canonicalJson(card),
  );
  if (stale.length === 0) return false;
  await prisma.$transaction(async (tx) => {
    const next = await writeRevision(tx, {
      projectId,
      parents: [current],
      docs: { ...revision.docs, ...Object.fromEntries(stale) },
      authorId: author.id,
      authorName: author.handle,
      message: `Dataset cards: ${stale.map(([path]) => path).join(", ")}`,
    });
    await compareAndSwapRef(tx, { projectId, name: ref, expected: current, next });
  });
  return true;
}
