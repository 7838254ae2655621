export {
  ByteLevelBpe,
  DEFAULT_SPECIAL_TOKENS,
  END_OF_TEXT,
  TOKENIZER_FORMAT,
  TOKENIZER_FORMAT_VERSION,
  type TokenIds,
  type TokenizerJson,
  tokenizerFromJson,
} from "./byte-level-bpe";
export { type TrainBpeOptions, trainBpe } from "./train-bpe";
export { GPT2_PRETOKENIZE_PATTERN, pretokenizer } from "./pretokenize";
export {
  type EncodedShard,
  TOKEN_SHARD_HEADER_BYTES,
  TOKEN_SHARD_MAGIC,
  TOKEN_SHARD_VERSION,
  TokenDtype,
  type TokenShard,
  encodeShard,
  readTokenShard,
  writeTokenShard,
} from "./token-shard";
