// What a run trains, loaded from Postgres by ids and hashes only: the revision's artifact tree, parsed into
// the specs the engine takes. Proposals are data: nothing here evaluates anything a contributor wrote.
import { readRevision, type PrismaClient } from "@forge/db";
// The engine version alone, not the engine: the web imports this module to queue checks and must not pull
// the GPU runtime into its bundle or type graph (the package exports only "." and "./spec").
import { ENGINE_VERSION } from "@forge/spec";
import {
  ZArchitecture,
  ZDatamix,
  ZEvalsuite,
  ZRecipe,
  hashArtifact,
  recipeSteps,
  zodIssuesToErrors,
  type TArchitecture,
  type TDatamix,
  type TEvalsuite,
  type TRecipe,
  type TTree,
} from "@forge/spec";
import type { z } from "zod";

/** A revision's artifacts cannot make a run; the message names the artifact and field. */
export class RunSpecError extends Error {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "RunSpecError";
  }
}

export type TRunSpec = {
  tree: TTree;
  architecture: TArchitecture;
  datamix: TDatamix;
  recipe: TRecipe;
  evalsuite: TEvalsuite | null;
  seqLen: number;
  steps: number;
};

/**
 * A run's identity: every artifact hash of the revision (architecture, mix, recipe, cards with their content
 * hashes), the seed and the engine version. Equal hashes train the same model on the same data, which is
 * what makes base runs cacheable.
 */
export const runSpecHash = (tree: TTree, seed: number) =>
  hashArtifact({ tree, seed, engine: ENGINE_VERSION });

function parseArtifactDoc<S extends z.ZodType>(path: string, schema: S, doc: unknown): z.output<S> {
  if (doc === undefined) throw new RunSpecError(path, "missing from the revision");
  const parsed = schema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const first = zodIssuesToErrors(parsed.error.issues)[0];
  throw new RunSpecError(first?.path ? `${path}: ${first.path}` : path, first?.message ?? "invalid");
}

/** Parses a revision's documents into a run spec; throws RunSpecError naming the artifact and field. */
export function parseRunSpec(tree: TTree, docs: Record<string, unknown>): TRunSpec {
  const architecture = parseArtifactDoc("architecture.yaml", ZArchitecture, docs["architecture.yaml"]);
  const datamix = parseArtifactDoc("datamix.yaml", ZDatamix, docs["datamix.yaml"]);
  const recipe = parseArtifactDoc("recipe.yaml", ZRecipe, docs["recipe.yaml"]);
  const evalsuite =
    docs["evalsuite.yaml"] === undefined
      ? null
      : parseArtifactDoc("evalsuite.yaml", ZEvalsuite, docs["evalsuite.yaml"]);
  return {
    tree,
    architecture,
    datamix,
    recipe,
    evalsuite,
    seqLen: recipe.seq_len ?? datamix.seq_len,
    steps: recipeSteps(recipe),
  };
}

export async function loadRunSpec(options: {
  prisma: PrismaClient;
  projectId: string;
  revision: string;
}): Promise<TRunSpec> {
  const read = await readRevision(options.prisma, options.projectId, options.revision);
  if (!read)
    throw new RunSpecError("revision", `no revision ${options.revision.slice(0, 12)} in the project`);
  return parseRunSpec(read.tree, read.docs);
}
