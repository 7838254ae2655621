export * from "./define-job-contract";
export * from "./jobs";
