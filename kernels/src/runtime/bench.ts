// Kernel timing for the benches: `reps` repetitions of a launch list inside one timed compute pass
// (timestamp queries at the pass's ends), after a warm-up; wall clock where timestamps are missing.
// Every bench module (ops/<op>/<op>.bench.ts) also checks its kernels against the CPU reference before
// any is timed (llm.c's validate_result): its checkBench throws `<op> <shape>: …` on a mismatch, and
// kernels-bench, which runs every check before the first timing, then exits non-zero.
import "./gpu-globals";
import { encodeDispatches, type Dispatch } from "./dispatch";
import { type Tensor } from "./buffers";
import { type EngineDevice } from "./device";

export type BenchCase = {
  op: string;
  shape: string;
  dispatches: Dispatch[];
  /** Useful floating-point operations per repetition (matmul-like ops). */
  flops?: number;
  /** Bytes necessarily moved per repetition (memory-bound ops). */
  bytes?: number;
};

export type BenchResult = { op: string; shape: string; ms: number; tflops?: number; gbps?: number };

/** What a bench module exports: its cases, and the check of the same kernel variants run before them. */
export type BenchModule = {
  benchCases(dev: EngineDevice, full: boolean, sweep: boolean): BenchCase[];
  checkBench(dev: EngineDevice, full: boolean, sweep: boolean): Promise<void>;
};

/**
 * The row ranges [start, end) a check compares at a large shape: `width` rows at the start, the middle
 * and the end of `rows` (every row when there are few), so edge tiles and the far end of a folded grid
 * are among them while the CPU reference stays cheap.
 */
export function sampledRows(rows: number, width: number): Array<[number, number]> {
  if (rows <= 3 * width) return [[0, rows]];
  const middle = Math.floor((rows - width) / 2);
  return [
    [0, width],
    [middle, middle + width],
    [rows - width, rows],
  ];
}

/** Hands a check's tensors back to the pool (the timed cases allocate their own). */
export function releaseAll(dev: EngineDevice, tensors: Array<Tensor | undefined>): void {
  for (const t of tensors) if (t) dev.pool.release(t);
}

/** Rows [start, end) of a row-major array of `cols` columns. */
export function rowsOf(a: Float32Array, cols: number, [start, end]: [number, number]): Float32Array {
  return a.subarray(start * cols, end * cols);
}

export async function timeDispatches(
  dev: EngineDevice,
  dispatches: Dispatch[],
  reps: number,
): Promise<number> {
  // Warm up with as much work as is timed, so clocks and caches have settled before the measurement.
  const warm = dev.gpu.createCommandEncoder();
  for (let r = 0; r < reps; r++) encodeDispatches(warm, dispatches);
  dev.gpu.queue.submit([warm.finish()]);
  await dev.gpu.queue.onSubmittedWorkDone();
  const repeated = Array.from({ length: reps }, () => dispatches).flat();
  if (!dev.hasTimestamps) {
    const t0 = performance.now();
    const encoder = dev.gpu.createCommandEncoder();
    encodeDispatches(encoder, repeated);
    dev.gpu.queue.submit([encoder.finish()]);
    await dev.gpu.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / reps;
  }
  const querySet = dev.gpu.createQuerySet({ type: "timestamp", count: 2 });
  const resolve = dev.gpu.createBuffer({
    size: 16,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const staging = dev.gpu.createBuffer({
    size: 16,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = dev.gpu.createCommandEncoder();
  const pass = encoder.beginComputePass({
    timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
  });
  for (const d of repeated) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
  }
  pass.end();
  encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
  encoder.copyBufferToBuffer(resolve, 0, staging, 0, 16);
  dev.gpu.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const [begin, end] = new BigUint64Array(staging.getMappedRange().slice(0));
  staging.unmap();
  for (const r of [querySet, resolve, staging]) r.destroy();
  return Number((end ?? 0n) - (begin ?? 0n)) / 1e6 / reps;
}

export async function runBench(dev: EngineDevice, c: BenchCase, reps: number): Promise<BenchResult> {
  const ms = await timeDispatches(dev, c.dispatches, reps);
  return {
    op: c.op,
    shape: c.shape,
    ms,
    tflops: c.flops === undefined ? undefined : c.flops / (ms / 1e3) / 1e12,
    gbps: c.bytes === undefined ? undefined : c.bytes / (ms / 1e3) / 1e9,
  };
}
