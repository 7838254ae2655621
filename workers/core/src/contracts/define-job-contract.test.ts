import { z } from "zod";
import { describe, expect, it } from "vitest";
import { QUEUES, defineJobContract, jobData } from "./define-job-contract";
import { JOB_CONTRACTS, trainRunJob } from "./jobs";

const contract = (version: number, upgrades?: Record<number, z.ZodType<{ runId: string }>>) => ({
  name: "rerun-job",
  version,
  queue: QUEUES.gpu,
  payload: z.object({ runId: z.string() }),
  upgrades,
  attempts: 1,
  backoff: { type: "fixed" as const, delay: 1000 },
});

describe("defineJobContract", () => {
  it("refuses a version that is not a positive integer, and an upgrade from a version not before it", () => {
    expect(() => defineJobContract(contract(0))).toThrow("job rerun-job version must be a positive integer");
    const fromItself = { 2: z.object({ runId: z.string() }) };
    expect(() => defineJobContract(contract(2, fromItself))).toThrow(
      "job rerun-job upgrades from 2, which is not a version before its own",
    );
    expect(defineJobContract(contract(3, fromItself)).version).toBe(3);
  });

  it("gives every contract a kebab-case name of its own", () => {
    expect(() => defineJobContract({ ...contract(1), name: "RerunJob" })).toThrow("must be kebab-case");
    const names = JOB_CONTRACTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("jobData", () => {
  it("stores the validated payload with the contract's version", () => {
    const specHash = "a".repeat(64);
    expect(jobData(trainRunJob, { runId: "run12345", specHash })).toEqual({
      runId: "run12345",
      specHash,
      v: trainRunJob.version,
    });
    expect(() => jobData(trainRunJob, { runId: "run12345", specHash: "nope" })).toThrow();
  });
});
