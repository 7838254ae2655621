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

/**
 * What one poll saw: the awaited value, or the state so far, described for the error message. `final` marks a
 * state that can no longer lead to what is awaited (a check that FAILED while the test waits for PASSED, a
 * process that exited): waiting on would only run out the clock.
 */
export type TPolled<T> = { value: T } | { seen: string; final: boolean };
/** The awaited value. */
export const done = <T>(value: T): TPolled<T> => ({ value });
/** Not there yet: the state seen so far. */
export const notYet = (seen: string): TPolled<never> => ({ seen, final: false });
/** A final state other than the awaited one. */
export const never = (seen: string): TPolled<never> => ({ seen, final: true });

/**
 * Polls until `poll` returns a value. Throws at once when it reports a final state, and after `timeoutMs`
 * otherwise; both errors name what was awaited and the last state seen.
 */
export async function waitFor<T>(
  what: string,
  poll: () => Promise<TPolled<T>>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const polled = await poll();
    if ("value" in polled) return polled.value;
    if (polled.final)
      throw new Error(`gave up waiting for ${what}, which can no longer happen: ${polled.seen}`);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${polled.seen}`);
    await sleep(100);
  }
}

/** The child's exit code; when it still runs after `timeoutMs`, kills it and throws naming `what`. */
async function exitWithin(
  child: ChildProcess,
  exited: Promise<number | null>,
  what: string,
  timeoutMs: number,
) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)),
  );
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome !== "timeout") return outcome;
  child.kill("SIGKILL");
  await exited;
  throw new Error(`${what} did not exit within ${timeoutMs} ms; killed it`);
}

/** A redis-server of our own with an append-only file, so a restart keeps every job. */
export class PrivateRedis {
  private process: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly dir = mkdtempSync(path.join(tmpdir(), "forge-redis-"));

  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  async start() {
    const child = spawn(
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
    this.process = child;
    this.exited = new Promise((resolve) => child.on("exit", resolve));
    await waitFor(
      `redis on ${this.port}`,
      async () => {
        if (child.exitCode !== null) return never(`redis-server exited with ${child.exitCode}`);
        return (await this.ping()) ? done(true) : notYet("no PONG yet");
      },
      10_000,
    );
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
    if (!child || !this.running) return;
    child.kill("SIGTERM");
    await exitWithin(child, this.exited, `redis-server on ${this.port}`, 10_000);
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

  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the worker registered in Postgres; returns its worker id. */
  async ready(prisma: PrismaClient): Promise<string> {
    const worker = await waitFor(
      `worker ${this.pid} to register`,
      async () => {
        if (!this.alive) return never(`the worker exited:\n${this.output}`);
        const registered = await prisma.worker.findFirst({ where: { pid: this.pid, stoppedAt: null } });
        return registered ? done(registered) : notYet(`no Worker row yet; output:\n${this.output}`);
      },
      60_000,
    );
    return worker.id;
  }

  /** Sends `signal` and waits for the exit (a SIGTERMed worker hands its job back first); the exit code. */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000): Promise<number | null> {
    if (!this.alive) return this.exited;
    this.child.kill(signal);
    return exitWithin(this.child, this.exited, `worker ${this.pid} (${signal})`, timeoutMs);
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
