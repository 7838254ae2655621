/** Object storage for shards, token shards, tokenizers, uploads and checkpoints. */
export { type ObjectStore, ObjectNotFoundError, assertValidKey, assertValidPrefix } from "./object-store";
export { FilesystemObjectStore } from "./filesystem-store";
export { S3ObjectStore, type TS3Config, signS3Request } from "./s3-store";
export { createObjectStore } from "./create-object-store";
export { defaultObjectStore } from "./default-object-store";
