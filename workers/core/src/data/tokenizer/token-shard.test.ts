import { describe, expect, it } from "vitest";
import { mobyDickSource } from "../sources/index";
import { END_OF_TEXT } from "./byte-level-bpe";
import {
  TOKEN_SHARD_HEADER_BYTES,
  TokenDtype,
  encodeShard,
  readTokenShard,
  writeTokenShard,
} from "./token-shard";
import { trainBpe } from "./train-bpe";

describe("token shards", () => {
  it("writes the documented little-endian header", () => {
    const bytes = writeTokenShard(Uint16Array.of(1, 258, 65535));
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("FTOK");
    expect(Array.from(bytes.subarray(4, 16))).toEqual([1, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(bytes.subarray(16))).toEqual([1, 0, 2, 1, 255, 255]);
  });

  it("round-trips uint16 and uint32 tokens, also from an unaligned view", () => {
    const narrow = Uint16Array.from({ length: 1000 }, (_, i) => (i * 7919) % 65536);
    const wide = Uint32Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 0);
    for (const tokens of [narrow, wide]) {
      const bytes = writeTokenShard(tokens);
      expect(bytes.byteLength).toBe(TOKEN_SHARD_HEADER_BYTES + tokens.byteLength);
      const unaligned = new Uint8Array(bytes.byteLength + 1);
      unaligned.set(bytes, 1);
      const shard = readTokenShard(unaligned.subarray(1));
      expect(shard.dtype).toBe(tokens instanceof Uint16Array ? TokenDtype.Uint16 : TokenDtype.Uint32);
      expect(shard.tokens).toEqual(tokens);
    }
  });

  it("rejects corrupt shards", () => {
    const bytes = writeTokenShard(Uint16Array.of(1, 2, 3));
    expect(() => readTokenShard(bytes.subarray(0, 10))).toThrow(/shorter than its header/);
    expect(() => readTokenShard(bytes.subarray(0, bytes.byteLength - 2))).toThrow(/header says/);
    const badMagic = bytes.slice();
    badMagic[0] = 0x58;
    expect(() => readTokenShard(badMagic)).toThrow(/not a token shard/);
    const badDtype = bytes.slice();
    badDtype[6] = 9;
    expect(() => readTokenShard(badDtype)).toThrow(/unknown token dtype 9/);
  });

  it("encodes documents separated by end-of-text and survives the binary round trip", () => {
    const documents = [...mobyDickSource.documents()].slice(0, 12);
    const tokenizer = trainBpe(
      documents.map((document) => document.text),
      { vocabSize: 1024 },
    );
    const encoded = encodeShard(tokenizer, documents);
    expect(encoded.tokens).toBeInstanceOf(Uint16Array);
    expect(encoded.documents).toBe(12);
    expect(encoded.textBytes).toBe(documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0));

    const { tokens } = readTokenShard(writeTokenShard(encoded.tokens));
    const endOfText = tokenizer.specialTokenId(END_OF_TEXT);
    const texts: string[] = [];
    let start = 0;
    tokens.forEach((id, index) => {
      if (id === endOfText) {
        texts.push(tokenizer.decode(tokens.subarray(start, index)));
        start = index + 1;
      }
    });
    expect(texts).toEqual(documents.map((document) => document.text));
  });
});
