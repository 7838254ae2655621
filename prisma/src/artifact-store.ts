// The content-addressed artifact store: immutable blobs, revisions over them, and refs moved only by
// compare-and-swap. Everything that writes revisions (web, workers, seed) goes through here.
import {
  hashArtifact,
  hashRevision,
  validateArtifact,
  type TArtifactKind,
  type TParsedArtifact,
  type TSpecError,
  type TTree,
  inSchemaOrder,
} from "@forge/spec";
import type { ArtifactKind, Prisma, PrismaClient } from "../generated/client";
import { blobDocument, revisionTree } from "./json-columns";

type Tx = Prisma.TransactionClient | PrismaClient;

export const MAIN_REF = "main";
export const proposalRef = (number: number) => `proposals/${number}`;

/** `architecture.yaml: layers[3].kv_heads must divide heads` (cross-field messages already start with the path). */
export function formatSpecError(error: TSpecError & { artifact: string }): string {
  const field = error.path && !error.message.startsWith(error.path) ? `${error.path}: ` : "";
  return `${error.artifact}: ${field}${error.message}`;
}

export class ArtifactValidationError extends Error {
  constructor(readonly errors: (TSpecError & { artifact: string })[]) {
    super(errors.map(formatSpecError).join("; "));
  }
}

/** The ref moved since the caller read it: someone else wrote first. Nothing was written. */
export class RefConflictError extends Error {
  constructor(
    readonly ref: string,
    readonly expected: string | null,
    readonly actual: string | null,
  ) {
    super(
      `ref '${ref}' moved: expected ${expected?.slice(0, 12) ?? "none"}, found ${actual?.slice(0, 12) ?? "none"}`,
    );
  }
}

export type TDocs = Record<string, unknown>;

/** Blob.kind of each artifact kind (an enum member cannot hold a hyphen; the stored value is the same). */
const BLOB_KIND: Record<TArtifactKind, ArtifactKind> = {
  architecture: "architecture",
  datamix: "datamix",
  recipe: "recipe",
  evalsuite: "evalsuite",
  "dataset-card": "dataset_card",
};

/** Validates every document, then stores blobs and the revision; returns the revision hash. */
export async function writeRevision(
  tx: Tx,
  input: {
    projectId: string;
    parents: string[];
    docs: TDocs;
    authorId: string | null;
    authorName: string;
    message: string;
    proposalId?: string;
  },
): Promise<string> {
  const errors: (TSpecError & { artifact: string })[] = [];
  const validated: (TParsedArtifact & { path: string })[] = [];
  for (const [path, doc] of Object.entries(input.docs)) {
    const result = validateArtifact(path, doc);
    if (result.ok) validated.push({ ...result, path });
    else errors.push(...result.errors.map((e) => ({ ...e, artifact: path })));
  }
  if (errors.length > 0) throw new ArtifactValidationError(errors);

  const tree: TTree = {};
  for (const { path, doc, kind } of validated) {
    const hash = hashArtifact(doc);
    tree[path] = hash;
    await tx.blob.upsert({
      where: { projectId_hash: { projectId: input.projectId, hash } },
      create: { projectId: input.projectId, hash, kind: BLOB_KIND[kind], json: blobDocument.write(doc) },
      update: {},
    });
  }
  const createdAt = new Date();
  const hash = hashRevision({
    parents: input.parents,
    tree,
    author: input.authorName,
    message: input.message,
    createdAt,
  });
  await tx.revision.create({
    data: {
      projectId: input.projectId,
      hash,
      parents: input.parents,
      tree: revisionTree.write(tree),
      authorId: input.authorId,
      message: input.message,
      proposalId: input.proposalId,
      createdAt,
    },
  });
  return hash;
}

/**
 * Moves a ref from `expected` to `next` only if it still points at `expected` (null: the ref must not exist).
 * A single conditional UPDATE, so two writers racing on the same old value cannot both win.
 */
export async function compareAndSwapRef(
  tx: Tx,
  input: { projectId: string; name: string; expected: string | null; next: string },
): Promise<void> {
  if (input.expected === null) {
    const created = await tx.ref.createMany({
      data: [{ projectId: input.projectId, name: input.name, revisionHash: input.next }],
      skipDuplicates: true,
    });
    if (created.count === 1) return;
  } else {
    const moved = await tx.ref.updateMany({
      where: { projectId: input.projectId, name: input.name, revisionHash: input.expected },
      data: { revisionHash: input.next },
    });
    if (moved.count === 1) return;
  }
  const actual = await tx.ref.findUnique({
    where: { projectId_name: { projectId: input.projectId, name: input.name } },
  });
  throw new RefConflictError(input.name, input.expected, actual?.revisionHash ?? null);
}

export async function readRef(tx: Tx, projectId: string, name: string): Promise<string | null> {
  const ref = await tx.ref.findUnique({ where: { projectId_name: { projectId, name } } });
  return ref?.revisionHash ?? null;
}

/** A revision with its documents loaded. */
export async function readRevision(tx: Tx, projectId: string, hash: string) {
  const revision = await tx.revision.findUnique({ where: { projectId_hash: { projectId, hash } } });
  if (!revision) return null;
  const tree = revisionTree.read(revision.tree);
  const blobs = await tx.blob.findMany({ where: { projectId, hash: { in: Object.values(tree) } } });
  const byHash = new Map(blobs.map((b) => [b.hash, blobDocument.read(b.json)]));
  const docs: TDocs = {};
  // JSONB hands keys back sorted by length; put them in the schema's order for everyone who reads them.
  for (const [path, hash] of Object.entries(tree)) docs[path] = inSchemaOrder(path, byHash.get(hash));
  return { revision, tree, docs };
}

/**
 * The nearest common ancestor of two revisions (breadth-first over parents), for three-way merges.
 * Revision graphs here are small (one project's plan of record), so loading the project's edges is fine.
 */
export async function mergeBase(tx: Tx, projectId: string, a: string, b: string): Promise<string | null> {
  const edges = await tx.revision.findMany({ where: { projectId }, select: { hash: true, parents: true } });
  const parents = new Map(edges.map((e) => [e.hash, e.parents]));
  const ancestorsOfA = new Set<string>();
  for (let frontier = [a]; frontier.length > 0;) {
    const next: string[] = [];
    for (const hash of frontier) {
      if (ancestorsOfA.has(hash)) continue;
      ancestorsOfA.add(hash);
      next.push(...(parents.get(hash) ?? []));
    }
    frontier = next;
  }
  const seen = new Set<string>();
  for (let frontier = [b]; frontier.length > 0;) {
    const next: string[] = [];
    for (const hash of frontier) {
      if (ancestorsOfA.has(hash)) return hash;
      if (seen.has(hash)) continue;
      seen.add(hash);
      next.push(...(parents.get(hash) ?? []));
    }
    frontier = next;
  }
  return null;
}
