export * from "./define-job";
export * from "./jobs";
