// The codecs of the JSON columns of checks, runs and workers: every write and read of them goes through these
// (see jsonColumn in @forge/db). The loss curve is not JSON: it is RunMetric rows.
import { jsonColumn } from "@forge/db";
import { z } from "zod";
import { ZCheckSummary } from "./check-keys";
import { ZKernelTime, ZRunCost, ZRunFinal } from "./run-records";

export const checkSummary = jsonColumn("Check.summary", ZCheckSummary);
export const runFinal = jsonColumn("Run.final", ZRunFinal);
export const runCost = jsonColumn("Run.cost", ZRunCost);
export const runProfile = jsonColumn("Run.profile", z.array(ZKernelTime));

/** The WebGPU adapter a worker process found at start (kernels' AdapterDescription). */
export const ZWorkerAdapter = z.object({
  kind: z.enum(["gpu", "cpu", "none"]),
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  features: z.array(z.string()),
  limits: z.record(z.string(), z.number()),
});
export type TWorkerAdapter = z.output<typeof ZWorkerAdapter>;
export const workerAdapter = jsonColumn("Worker.adapter", ZWorkerAdapter);
