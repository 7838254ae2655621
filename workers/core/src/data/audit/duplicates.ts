import { createHash } from "node:crypto";

/** Text as compared for duplication: compatibility-normalised, case-folded, whitespace collapsed. */
export function duplicateKeyText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function exactDuplicateKey(text: string): string {
  return createHash("sha256").update(duplicateKeyText(text)).digest("hex");
}

export interface MinHashOptions {
  /** Signature length: the number of independent hash functions. */
  permutations?: number;
  /** Words per shingle. */
  shingleSize?: number;
  /** LSH bands; permutations / bands rows each. 16 × 8 puts the candidate threshold near Jaccard 0.7. */
  bands?: number;
  /** Estimated Jaccard similarity at or above which a candidate counts as a near duplicate. */
  threshold?: number;
  /** Candidates verified per document: bounds the work when one boilerplate text appears thousands of times. */
  maxCandidates?: number;
}

const DEFAULTS: Required<MinHashOptions> = {
  permutations: 128,
  shingleSize: 5,
  bands: 16,
  threshold: 0.8,
  maxCandidates: 64,
};

/** MurmurHash3's 32-bit finaliser: a cheap bijective mixer with full avalanche. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Fixed seeds so signatures are comparable across processes and runs. */
function permutationSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let state = 0x9e3779b9;
  for (let i = 0; i < count; i += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    seeds[i] = mix32(state);
  }
  return seeds;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Hashes of the document's word `shingleSize`-grams; empty when the text has fewer words. */
export function shingleHashes(text: string, shingleSize: number): Uint32Array {
  const wordHashes = (text.toLowerCase().match(WORD) ?? []).map(fnv1a);
  const count = wordHashes.length - shingleSize + 1;
  if (count <= 0) return new Uint32Array(0);
  const shingles = new Uint32Array(count);
  for (let start = 0; start < count; start += 1) {
    let hash = 0;
    for (let offset = 0; offset < shingleSize; offset += 1) {
      hash = mix32(Math.imul(hash, 31) + (wordHashes[start + offset] as number));
    }
    shingles[start] = hash;
  }
  return shingles;
}

export interface NearDuplicateMatch {
  /** Id of the earlier document this one nearly duplicates. */
  of: string;
  estimatedJaccard: number;
}

/**
 * Streaming near-duplicate detector: MinHash signatures over word shingles, indexed by LSH bands.
 * Each added document is compared only with earlier documents that share a band bucket.
 */
export class NearDuplicateIndex {
  private readonly options: Required<MinHashOptions>;
  private readonly seeds: Uint32Array;
  private readonly rows: number;
  /** One map per band: hash of the band's rows → indices of the documents in that bucket. */
  private readonly buckets: Array<Map<number, number[]>>;
  private readonly signatures: Uint32Array[] = [];
  private readonly ids: string[] = [];

  constructor(options: MinHashOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    if (this.options.permutations % this.options.bands !== 0) {
      throw new Error(
        `permutations (${this.options.permutations}) must be a multiple of bands (${this.options.bands})`,
      );
    }
    this.rows = this.options.permutations / this.options.bands;
    this.seeds = permutationSeeds(this.options.permutations);
    this.buckets = Array.from({ length: this.options.bands }, () => new Map<number, number[]>());
  }

  signature(text: string): Uint32Array | undefined {
    const shingles = shingleHashes(text, this.options.shingleSize);
    if (shingles.length === 0) return undefined;
    const signature = new Uint32Array(this.options.permutations).fill(0xffffffff);
    for (let p = 0; p < this.seeds.length; p += 1) {
      const seed = this.seeds[p] as number;
      let minimum = 0xffffffff;
      for (let s = 0; s < shingles.length; s += 1) {
        const hashed = mix32((shingles[s] as number) ^ seed);
        if (hashed < minimum) minimum = hashed;
      }
      signature[p] = minimum;
    }
    return signature;
  }

  /** Indexes the document and returns the earlier document it nearly duplicates, if any. */
  add(id: string, text: string): NearDuplicateMatch | undefined {
    const signature = this.signature(text);
    if (!signature) return undefined;
    const index = this.signatures.length;
    this.signatures.push(signature);
    this.ids.push(id);

    let best: NearDuplicateMatch | undefined;
    const compared = new Set<number>();
    for (let band = 0; band < this.options.bands; band += 1) {
      // A 32-bit bucket hash can collide; a collision only adds a candidate that verification rejects.
      let key = band;
      for (let row = band * this.rows; row < (band + 1) * this.rows; row += 1) {
        key = mix32(Math.imul(key, 31) + (signature[row] as number));
      }
      const bandBuckets = this.buckets[band] as Map<number, number[]>;
      const bucket = bandBuckets.get(key);
      if (!bucket) {
        bandBuckets.set(key, [index]);
        continue;
      }
      for (const other of bucket) {
        if (compared.size >= this.options.maxCandidates || compared.has(other)) continue;
        compared.add(other);
        const similarity = estimatedJaccard(signature, this.signatures[other] as Uint32Array);
        if (similarity >= this.options.threshold && (!best || similarity > best.estimatedJaccard)) {
          best = { of: this.ids[other] as string, estimatedJaccard: similarity };
        }
      }
      bucket.push(index);
    }
    return best;
  }
}

/** Share of signature positions that agree: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) equal += 1;
  return equal / a.length;
}
