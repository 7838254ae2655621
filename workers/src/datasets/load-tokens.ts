import type { PrismaClient } from "@forge/db";
import { END_OF_TEXT, readTokenShard, sha256Hex } from "@forge/core/data";
import { type ObjectStore } from "@forge/core/storage";
import { loadTokenizer } from "@forge/core/datasets/tokenizer-artifact";

/** The part of a datamix artifact the loader needs (datamix.yaml: sources → shares, tokenizer name). */
export type TMixForTokens = { sources: Record<string, number>; tokenizer: string };

export type TMixTokens = {
  /** Training stream: documents of every source in the mix shares, shuffled by seed, each ending in <|endoftext|>. */
  train: Uint16Array;
  /** Held-out documents per source (every source of the mix, share 0 excluded), in a seeded order. */
  val: Record<string, Uint16Array>;
  /** UTF-8 bytes of the held-out text per held-out token (<|endoftext|> counted as a token with no bytes). */
  bytesPerToken: Record<string, number>;
  tokenizerHash: string;
  /** Id of <|endoftext|> in the stream. */
  endOfTextId: number;
};

/** Share of each source's documents held out for evaluation. */
export const HELD_OUT_FRACTION = 0.1;

/** Deterministic 32-bit PRNG (mulberry32) seeded from a string, for splits and shuffles. */
function seededRandom(key: string): () => number {
  let state = Number.parseInt(sha256Hex(key).slice(0, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [items[i], items[j]];
    if (a === undefined || b === undefined) throw new RangeError(`shuffle: index ${i} or ${j} out of range`);
    [items[i], items[j]] = [b, a];
  }
  return items;
}

/** Document spans [start, end) of a token stream, each including its closing <|endoftext|>. */
function documentSpans(tokens: ArrayLike<number>, endOfText: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i] === endOfText) {
      spans.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < tokens.length) spans.push([start, tokens.length]);
  return spans;
}

function concatenate(source: Uint16Array, spans: ReadonlyArray<readonly [number, number]>): Uint16Array {
  const out = new Uint16Array(spans.reduce((sum, [start, end]) => sum + end - start, 0));
  let offset = 0;
  for (const [start, end] of spans) {
    out.set(source.subarray(start, end), offset);
    offset += end - start;
  }
  return out;
}

/**
 * Loads the token streams a training or eval job needs for a data mix, from the token shards the ingest job
 * wrote with the mix's tokenizer.
 *
 * Split (per source, deterministic by `seed`): the source's documents are shuffled with a PRNG seeded by
 * `"<seed>:<source>"`; the first ceil(10%) of them (at least one) are held out as `val[source]`, the rest are
 * training documents. A source with a single document holds out the last 10% of its tokens instead. Pass the
 * same seed to base and head runs so both evaluate on the same held-out text.
 *
 * Mix: with T = all training tokens of the mix's sources, source s contributes round(share_s × T) tokens,
 * cycling through its shuffled training documents (smaller sources repeat, the last document is cut), so the
 * stream realises the shares exactly. The documents of all sources are then shuffled together by seed.
 */
export async function loadMixTokens(options: {
  prisma: PrismaClient;
  store: ObjectStore;
  projectId: string;
  datamix: TMixForTokens;
  seed: number;
}): Promise<TMixTokens> {
  const { prisma, store, projectId, datamix, seed } = options;
  const {
    id: tokenizerId,
    hash: tokenizerHash,
    tokenizer,
  } = await loadTokenizer({
    prisma,
    store,
    projectId,
    name: datamix.tokenizer,
  });
  if (tokenizer.vocabSize > 0xffff)
    throw new Error(`tokenizer ${datamix.tokenizer} needs more than 16-bit ids`);
  const endOfTextId = tokenizer.specialTokenId(END_OF_TEXT);

  const sources = Object.entries(datamix.sources)
    .filter(([, share]) => share > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const perSource: Array<{
    name: string;
    share: number;
    tokens: Uint16Array;
    train: Array<[number, number]>;
  }> = [];
  const val: Record<string, Uint16Array> = {};
  const bytesPerToken: Record<string, number> = {};

  for (const [name, share] of sources) {
    const dataset = await prisma.dataset.findUnique({ where: { projectId_name: { projectId, name } } });
    if (!dataset || dataset.state !== "READY")
      throw new Error(`datamix source ${name} is not an ingested dataset`);
    if (dataset.auditOnly) {
      throw new Error(`datamix source ${name} is audit-only material and never trains a model`);
    }
    const tokenSet = await prisma.datasetTokens.findUnique({
      where: { datasetId_tokenizerId: { datasetId: dataset.id, tokenizerId } },
    });
    if (!tokenSet || tokenSet.contentHash !== dataset.contentHash) {
      throw new Error(`datamix source ${name} has no token shard for ${datamix.tokenizer} (re-ingest it)`);
    }
    const bytes = await store.get(tokenSet.key);
    if (sha256Hex(bytes) !== tokenSet.hash)
      throw new Error(`token shard ${tokenSet.key} does not match its hash`);
    const tokens = readTokenShard(bytes).tokens as Uint16Array;

    const random = seededRandom(`${seed}:${name}`);
    const spans = shuffle(documentSpans(tokens, endOfTextId), random);
    let heldOut: Array<[number, number]>;
    let train: Array<[number, number]>;
    const [first] = spans;
    if (spans.length === 1 && first) {
      const [start, end] = first;
      const cut = end - Math.max(1, Math.ceil((end - start) * HELD_OUT_FRACTION));
      heldOut = [[cut, end]];
      train = [[start, cut]];
    } else {
      const count = Math.max(1, Math.ceil(spans.length * HELD_OUT_FRACTION));
      heldOut = spans.slice(0, count);
      train = spans.slice(count);
    }
    val[name] = concatenate(tokens, heldOut);
    bytesPerToken[name] = tokenizer.decodeBytes(val[name]).byteLength / val[name].length;
    perSource.push({ name, share, tokens, train });
  }

  const shareSum = perSource.reduce((sum, s) => sum + s.share, 0);
  const totalTrain = perSource.reduce(
    (sum, s) => sum + s.train.reduce((inner, [start, end]) => inner + end - start, 0),
    0,
  );
  const pieces: Array<{ tokens: Uint16Array; span: [number, number] }> = [];
  for (const source of perSource) {
    let remaining = Math.round((source.share / shareSum) * totalTrain);
    for (let i = 0; remaining > 0 && source.train.length > 0; i = (i + 1) % source.train.length) {
      const span = source.train[i];
      if (!span) break;
      const [start, end] = span;
      const take = Math.min(end - start, remaining);
      pieces.push({ tokens: source.tokens, span: [start, start + take] });
      remaining -= take;
    }
  }
  shuffle(pieces, seededRandom(`${seed}:mix`));
  const train = new Uint16Array(pieces.reduce((sum, p) => sum + p.span[1] - p.span[0], 0));
  let offset = 0;
  for (const { tokens, span } of pieces) {
    train.set(tokens.subarray(span[0], span[1]), offset);
    offset += span[1] - span[0];
  }
  return { train, val, bytesPerToken, tokenizerHash, endOfTextId };
}
