/** The artifact library: schemas, parsing, canonical hashing, derived figures, diffs and merges. Pure: no I/O. */
export * from "./architecture";
export * from "./artifact";
export * from "./artifact-text";
export * from "./canonical";
export * from "./datamix";
export * from "./dataset-card";
export * from "./derived";
export * from "./diff";
export * from "./evalsuite";
export * from "./field-path";
export * from "./json-value";
export * from "./merge";
export * from "./recipe";
export * from "./tree-rules";
export * from "./display-order";
export { ENGINE_VERSION } from "./engine-version";
