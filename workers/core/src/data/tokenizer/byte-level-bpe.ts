import { canonicalJson, sha256Hex } from "../ingest/shards";
import { GPT2_PRETOKENIZE_PATTERN, pretokenizer } from "./pretokenize";

export const END_OF_TEXT = "<|endoftext|>";
export const DEFAULT_SPECIAL_TOKENS: readonly string[] = [END_OF_TEXT];

export const TOKENIZER_FORMAT = "forge-byte-bpe";
export const TOKENIZER_FORMAT_VERSION = 1;

export type TokenIds = Uint16Array | Uint32Array;

export interface TokenizerJson {
  /** What a stored file says; tokenizerFromJson refuses any format but TOKENIZER_FORMAT. */
  format: string;
  version: number;
  pattern: string;
  vocabSize: number;
  /** merges[i] = [left, right] creates token 256 + i. */
  merges: Array<[number, number]>;
  /** Special tokens take the ids after the merges, in this order. */
  specialTokens: string[];
  /** sha256 of the canonical JSON of every other field: the tokenizer artifact's identity. */
  hash: string;
}

const BYTE_TOKENS = 256;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8");
/** Pieces longer than this are not cached: long unsegmented runs (CJK, base64) rarely repeat. */
const MAX_CACHED_PIECE_LENGTH = 64;
/** Bounds the piece cache of a long-lived worker: cleared when full, since frequent pieces return at once. */
const MAX_CACHED_PIECES = 200_000;

/**
 * Byte-level BPE: any string's UTF-8 bytes are representable (256 byte tokens), so encode → decode
 * is exact for every well-formed string. (JS strings with lone surrogates are not well-formed UTF-16;
 * UTF-8 encoding replaces them with U+FFFD.) Special tokens are never produced from text: user text
 * that spells "<|endoftext|>" encodes as ordinary bytes, so documents cannot forge boundaries.
 */
export class ByteLevelBpe {
  readonly vocabSize: number;
  readonly hash: string;
  private readonly mergeRank = new Map<number, number>();
  private readonly tokenBytes: Uint8Array[];
  private readonly specialIds = new Map<string, number>();
  private readonly pieces: (text: string) => IterableIterator<string>;
  private readonly cache = new Map<string, number[]>();

  /** Fixed, not configurable: a regex taken from an artifact would be code a contributor could supply. */
  readonly pattern = GPT2_PRETOKENIZE_PATTERN;

  constructor(
    readonly merges: ReadonlyArray<readonly [number, number]>,
    readonly specialTokens: readonly string[] = DEFAULT_SPECIAL_TOKENS,
  ) {
    this.vocabSize = BYTE_TOKENS + merges.length + specialTokens.length;
    this.tokenBytes = Array.from({ length: BYTE_TOKENS }, (_, byte) => Uint8Array.of(byte));
    for (const [index, [left, right]] of merges.entries()) {
      const leftBytes = this.tokenBytes[left];
      const rightBytes = this.tokenBytes[right];
      if (!leftBytes || !rightBytes) throw new Error(`merge ${index} refers to an undefined token`);
      const bytes = new Uint8Array(leftBytes.length + rightBytes.length);
      bytes.set(leftBytes);
      bytes.set(rightBytes, leftBytes.length);
      this.tokenBytes.push(bytes);
      this.mergeRank.set(this.pairKey(left, right), index);
    }
    for (const [index, token] of specialTokens.entries()) {
      const id = BYTE_TOKENS + merges.length + index;
      this.specialIds.set(token, id);
      this.tokenBytes.push(utf8Encoder.encode(token));
    }
    this.pieces = pretokenizer();
    this.hash = sha256Hex(canonicalJson(this.jsonBody()));
  }

  /** Id of a special token such as END_OF_TEXT. */
  specialTokenId(token: string): number {
    const id = this.specialIds.get(token);
    if (id === undefined) throw new Error(`tokenizer has no special token ${token}`);
    return id;
  }

  /** The smallest unsigned integer array that holds every id. */
  get idArrayType(): Uint16ArrayConstructor | Uint32ArrayConstructor {
    return this.vocabSize <= 65536 ? Uint16Array : Uint32Array;
  }

  encode(text: string): TokenIds {
    const ids: number[] = [];
    this.encodeInto(text, ids);
    return this.idArrayType.from(ids);
  }

  /** Appends the ids of text to `out`; the building block for encoding many documents into one array. */
  encodeInto(text: string, out: number[]): void {
    for (const piece of this.pieces(text)) {
      const cached = this.cache.get(piece);
      const ids = cached ?? this.encodePiece(piece);
      if (!cached && piece.length <= MAX_CACHED_PIECE_LENGTH) {
        if (this.cache.size >= MAX_CACHED_PIECES) this.cache.clear();
        this.cache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
  }

  decode(ids: ArrayLike<number>): string {
    return utf8Decoder.decode(this.decodeBytes(ids));
  }

  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    let length = 0;
    for (let i = 0; i < ids.length; i += 1) length += this.bytesOf(ids[i] as number).length;
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (let i = 0; i < ids.length; i += 1) {
      const tokenBytes = this.bytesOf(ids[i] as number);
      bytes.set(tokenBytes, offset);
      offset += tokenBytes.length;
    }
    return bytes;
  }

  /** The bytes a token stands for (for vocabulary display). */
  bytesOf(id: number): Uint8Array {
    const bytes = this.tokenBytes[id];
    if (!bytes) throw new Error(`token id ${id} is outside the vocabulary of ${this.vocabSize}`);
    return bytes;
  }

  toJSON(): TokenizerJson {
    return { ...this.jsonBody(), hash: this.hash };
  }

  private jsonBody(): Omit<TokenizerJson, "hash"> {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_FORMAT_VERSION,
      pattern: this.pattern,
      vocabSize: this.vocabSize,
      merges: this.merges.map(([left, right]) => [left, right]),
      specialTokens: [...this.specialTokens],
    };
  }

  private pairKey(left: number, right: number): number {
    return left * this.vocabSize + right;
  }

  /** Applies merges lowest rank first, as training created them. */
  private encodePiece(piece: string): number[] {
    let symbols = Array.from(utf8Encoder.encode(piece));
    while (symbols.length > 1) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i += 1) {
        const rank = this.mergeRank.get(this.pairKey(symbols[i] as number, symbols[i + 1] as number));
        if (rank !== undefined && rank < bestRank) bestRank = rank;
      }
      if (bestRank === Infinity) break;
      const [left, right] = this.merges[bestRank] as readonly [number, number];
      const merged: number[] = [];
      for (let i = 0; i < symbols.length;) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          merged.push(BYTE_TOKENS + bestRank);
          i += 2;
        } else {
          merged.push(symbols[i] as number);
          i += 1;
        }
      }
      symbols = merged;
    }
    return symbols;
  }
}

/**
 * Loads a serialised tokenizer, refusing unknown formats, any pre-tokenisation regex other than the
 * built-in one (so an artifact cannot smuggle in a catastrophic-backtracking pattern) and content that
 * does not match its hash.
 */
export function tokenizerFromJson(json: TokenizerJson): ByteLevelBpe {
  if (json.format !== TOKENIZER_FORMAT || json.version !== TOKENIZER_FORMAT_VERSION) {
    throw new Error(`unsupported tokenizer format ${String(json.format)} v${String(json.version)}`);
  }
  if (json.pattern !== GPT2_PRETOKENIZE_PATTERN) {
    throw new Error("unsupported pre-tokenisation pattern: only the GPT-2 pattern is accepted");
  }
  const tokenizer = new ByteLevelBpe(json.merges, json.specialTokens);
  if (tokenizer.vocabSize !== json.vocabSize) {
    throw new Error(`tokenizer vocabSize ${json.vocabSize} does not match its ${tokenizer.vocabSize} tokens`);
  }
  if (tokenizer.hash !== json.hash)
    throw new Error(`tokenizer hash mismatch: stored ${json.hash}, computed ${tokenizer.hash}`);
  return tokenizer;
}
