import { UnrecoverableError, type Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { JOB_CONTRACTS } from "@forge/core/contracts";
import { WORKER_JOBS, processorFor, type TJobContext } from "./registry";

// The payload is parsed before the handler touches any service, so no context is needed here.
const process = processorFor({} as TJobContext);

describe("processorFor", () => {
  it("fails a malformed payload without retry, naming the field", async () => {
    const job = { name: "train-run", data: { runId: "run12345", specHash: "not-a-hash", v: 1 } } as Job;
    const failure = process(job);
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow("invalid train-run payload: specHash must be a sha256 hex digest");
  });

  it("refuses a job name no contract defines", async () => {
    await expect(process({ name: "run-anything", data: {} } as Job)).rejects.toThrow(
      "unknown job 'run-anything'",
    );
  });
});

describe("WORKER_JOBS", () => {
  it("binds every job contract to exactly one handler and nothing else", () => {
    const bindings = (contract: (typeof JOB_CONTRACTS)[number]) =>
      WORKER_JOBS.filter((workerJob) => workerJob.contract === contract).length;
    expect(JOB_CONTRACTS.map((contract) => [contract.name, bindings(contract)])).toEqual(
      JOB_CONTRACTS.map((contract) => [contract.name, 1]),
    );
    expect(WORKER_JOBS).toHaveLength(JOB_CONTRACTS.length);
  });
});
