// GPU-seconds a check will cost, before anything is queued: training FLOPs (FLOPs/token x tokens, from the
// architecture alone) divided by the effective FLOP/s of the adapter class that will run it.
import type { PrismaClient } from "@forge/db";
import { flopsPerToken } from "@forge/spec";
import { runCost, workerAdapter } from "./json-columns";
import type { TRunCost } from "./run-records";
import type { TRunSpec } from "./run-spec";

export type TAdapterClass = "gpu" | "cpu";

/**
 * Effective training throughput of proxy-sized models when no run has been measured yet on that class.
 * cpu: lavapipe on this project's 2-core dev machines trains the demo model (d64, 3 blocks) at ~0.8 GFLOP/s.
 * gpu: small models are launch bound, far below peak; 1 TFLOP/s is the order measured for d256 on an H100.
 */
export const DEFAULT_FLOPS_PER_SECOND: Record<TAdapterClass, number> = { gpu: 1e12, cpu: 8e8 };

/** Training FLOPs of one run: forward + backward per token at the run's context, times trained tokens. */
export function runFlops(spec: Pick<TRunSpec, "architecture" | "recipe" | "seqLen" | "steps">): number {
  return flopsPerToken(spec.architecture, spec.seqLen).training * spec.steps * spec.recipe.batch_tokens;
}

/**
 * The adapter class a check will run on: gpu when a live worker has a GPU, otherwise cpu. Live means a
 * heartbeat within the last minute.
 */
export async function liveAdapterClass(prisma: PrismaClient): Promise<TAdapterClass> {
  const workers = await prisma.worker.findMany({
    where: { stoppedAt: null, lastHeartbeat: { gt: new Date(Date.now() - 60_000) } },
    select: { adapter: true },
  });
  return workers.some((w) => workerAdapter.read(w.adapter).kind === "gpu") ? "gpu" : "cpu";
}

/** A Run.cost field, for a query's JSON path (the compiler checks the name against TRunCost). */
const costField = (field: keyof TRunCost) => [field];

/** Measured FLOP/s of the class over its last finished runs (their cost records flops and seconds). */
export async function measuredFlopsPerSecond(prisma: PrismaClient, adapter: TAdapterClass): Promise<number> {
  const recent = await prisma.run.findMany({
    where: {
      state: "SUCCEEDED",
      reusedFromId: null,
      AND: [
        { cost: { path: costField("adapter"), equals: adapter } },
        { cost: { path: costField("trainSeconds"), gt: 0 } },
      ],
    },
    orderBy: { endedAt: "desc" },
    take: 20,
    select: { cost: true },
  });
  let flops = 0;
  let seconds = 0;
  for (const run of recent) {
    const cost = runCost.read(run.cost);
    flops += cost.flops;
    seconds += cost.trainSeconds ?? 0;
  }
  return flops && seconds ? flops / seconds : DEFAULT_FLOPS_PER_SECOND[adapter];
}

export async function estimateRunsGpuSeconds(options: {
  prisma: PrismaClient;
  specs: Pick<TRunSpec, "architecture" | "recipe" | "seqLen" | "steps">[];
}): Promise<{ gpuSeconds: number; adapter: TAdapterClass; flopsPerSecond: number }> {
  const adapter = await liveAdapterClass(options.prisma);
  const flopsPerSecond = await measuredFlopsPerSecond(options.prisma, adapter);
  const flops = options.specs.reduce((sum, spec) => sum + runFlops(spec), 0);
  return { gpuSeconds: flops / flopsPerSecond, adapter, flopsPerSecond };
}
