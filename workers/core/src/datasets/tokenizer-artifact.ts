import type { PrismaClient } from "@forge/db";
import { type ByteLevelBpe, type TokenizerJson, tokenizerFromJson } from "../data/index";
import { type ObjectStore } from "../storage/index";

export const tokenizerKey = (hash: string) => `tokenizers/${hash}.json`;

// Tokenizers are immutable by hash, so a long-lived worker parses each one once.
const parsed = new Map<string, ByteLevelBpe>();

/** Reads a tokenizer artifact and checks it is the one the row names (its JSON hash is verified on load). */
export async function readTokenizerArtifact(
  store: ObjectStore,
  row: { objectKey: string; hash: string; name: string },
): Promise<ByteLevelBpe> {
  const cached = parsed.get(row.hash);
  if (cached) return cached;
  const json = JSON.parse(new TextDecoder().decode(await store.get(row.objectKey))) as TokenizerJson;
  const tokenizer = tokenizerFromJson(json);
  if (tokenizer.hash !== row.hash) {
    throw new Error(
      `tokenizer ${row.name}: stored artifact has hash ${tokenizer.hash}, expected ${row.hash}`,
    );
  }
  parsed.set(row.hash, tokenizer);
  return tokenizer;
}

/** A project's tokenizer by name (datamix.tokenizer). */
export async function loadTokenizer(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  projectId: string;
  name: string;
}): Promise<{ id: string; hash: string; tokenizer: ByteLevelBpe }> {
  const row = await options.prisma.tokenizer.findUnique({
    where: { projectId_name: { projectId: options.projectId, name: options.name } },
  });
  if (!row) {
    throw new Error(`tokenizer ${options.name} does not exist in this project (the data seed trains it)`);
  }
  return { id: row.id, hash: row.hash, tokenizer: await readTokenizerArtifact(options.store, row) };
}
