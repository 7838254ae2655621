import { objectStoreFor } from "./create-object-store";
import { readStoreEnv } from "./env";
import { type ObjectStore } from "./object-store";

let processStore: ObjectStore | undefined;

/** The object store this process's environment selects, created once (workers, seed, web). */
export function defaultObjectStore(): ObjectStore {
  processStore ??= objectStoreFor(readStoreEnv());
  return processStore;
}
