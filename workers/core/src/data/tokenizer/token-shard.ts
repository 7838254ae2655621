import { type TextDocument } from "../document";
import { type ByteLevelBpe, END_OF_TEXT, type TokenIds } from "./byte-level-bpe";

/**
 * Binary token shard, little-endian, the format the training engine loads:
 *   offset 0  magic    4 bytes  "FTOK"
 *   offset 4  version  u16      1
 *   offset 6  dtype    u16      1 = uint16, 2 = uint32
 *   offset 8  count    u64      number of tokens
 *   offset 16 tokens   count × (2 | 4) bytes
 * The 16-byte header keeps the payload aligned for either element size.
 */
export const TOKEN_SHARD_MAGIC = "FTOK";
export const TOKEN_SHARD_VERSION = 1;
export const TOKEN_SHARD_HEADER_BYTES = 16;

export enum TokenDtype {
  Uint16 = 1,
  Uint32 = 2,
}

export interface TokenShard {
  version: number;
  dtype: TokenDtype;
  tokens: TokenIds;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export function writeTokenShard(tokens: TokenIds): Uint8Array {
  const dtype = tokens instanceof Uint16Array ? TokenDtype.Uint16 : TokenDtype.Uint32;
  const bytes = new Uint8Array(TOKEN_SHARD_HEADER_BYTES + tokens.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i += 1) bytes[i] = TOKEN_SHARD_MAGIC.charCodeAt(i);
  view.setUint16(4, TOKEN_SHARD_VERSION, true);
  view.setUint16(6, dtype, true);
  view.setBigUint64(8, BigInt(tokens.length), true);
  if (HOST_IS_LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength), TOKEN_SHARD_HEADER_BYTES);
  } else {
    for (let i = 0; i < tokens.length; i += 1) {
      const offset = TOKEN_SHARD_HEADER_BYTES + i * tokens.BYTES_PER_ELEMENT;
      if (dtype === TokenDtype.Uint16) view.setUint16(offset, tokens[i] as number, true);
      else view.setUint32(offset, tokens[i] as number, true);
    }
  }
  return bytes;
}

export function readTokenShard(bytes: Uint8Array): TokenShard {
  if (bytes.byteLength < TOKEN_SHARD_HEADER_BYTES) throw new Error("token shard shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== TOKEN_SHARD_MAGIC) throw new Error(`not a token shard (magic ${JSON.stringify(magic)})`);
  const version = view.getUint16(4, true);
  if (version !== TOKEN_SHARD_VERSION) throw new Error(`unsupported token shard version ${version}`);
  const dtype = view.getUint16(6, true);
  if (dtype !== TokenDtype.Uint16 && dtype !== TokenDtype.Uint32)
    throw new Error(`unknown token dtype ${dtype}`);
  const count = Number(view.getBigUint64(8, true));
  const elementBytes = dtype === TokenDtype.Uint16 ? 2 : 4;
  const expected = TOKEN_SHARD_HEADER_BYTES + count * elementBytes;
  if (bytes.byteLength !== expected) {
    throw new Error(`token shard is ${bytes.byteLength} bytes, header says ${expected}`);
  }
  const tokens = dtype === TokenDtype.Uint16 ? new Uint16Array(count) : new Uint32Array(count);
  for (let i = 0; i < count; i += 1) {
    const offset = TOKEN_SHARD_HEADER_BYTES + i * elementBytes;
    tokens[i] = dtype === TokenDtype.Uint16 ? view.getUint16(offset, true) : view.getUint32(offset, true);
  }
  return { version, dtype, tokens };
}

export interface EncodedShard {
  tokens: TokenIds;
  documents: number;
  /** UTF-8 bytes of the encoded text: with tokens.length, gives bytes per token for the card. */
  textBytes: number;
}

/** Encodes documents in order, each followed by the end-of-text token so the model sees boundaries. */
export function encodeShard(tokenizer: ByteLevelBpe, documents: Iterable<TextDocument>): EncodedShard {
  const endOfText = tokenizer.specialTokenId(END_OF_TEXT);
  const ids: number[] = [];
  let count = 0;
  let textBytes = 0;
  for (const document of documents) {
    tokenizer.encodeInto(document.text, ids);
    ids.push(endOfText);
    count += 1;
    textBytes += Buffer.byteLength(document.text, "utf8");
  }
  return { tokens: tokenizer.idArrayType.from(ids), documents: count, textBytes };
}
