// Per-kernel GPU time from timestamp queries: each launch gets its own compute pass with begin/end
// timestamps. Used on profiling steps only, since one pass per launch costs a little.
import "./gpu-globals";
import { type Dispatch } from "./dispatch";
import { type EngineDevice } from "./device";

export type KernelTime = { kernel: string; ms: number; calls: number };

export class Profiler {
  private querySet: GPUQuerySet;
  private resolve: GPUBuffer;
  private staging: GPUBuffer;
  private capacity: number;
  private totals = new Map<string, { ns: number; calls: number }>();

  constructor(
    private readonly dev: EngineDevice,
    maxLaunches: number,
  ) {
    this.capacity = maxLaunches;
    const count = 2 * maxLaunches;
    this.querySet = dev.gpu.createQuerySet({ type: "timestamp", count });
    this.resolve = dev.gpu.createBuffer({
      size: count * 8,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = dev.gpu.createBuffer({
      size: count * 8,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Records each launch in its own timed pass, then copies the timestamps for collect(). */
  encode(encoder: GPUCommandEncoder, dispatches: Dispatch[]): void {
    if (dispatches.length > this.capacity)
      throw new Error(`profiler holds ${this.capacity} launches, got ${dispatches.length}`);
    dispatches.forEach((d, i) => {
      const pass = encoder.beginComputePass({
        timestampWrites: {
          querySet: this.querySet,
          beginningOfPassWriteIndex: 2 * i,
          endOfPassWriteIndex: 2 * i + 1,
        },
      });
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
      pass.end();
    });
    const count = 2 * dispatches.length;
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.staging, 0, count * 8);
  }

  /** After the profiled submit: adds each launch's time to the per-kernel totals. */
  async collect(dispatches: Dispatch[]): Promise<void> {
    await this.staging.mapAsync(GPUMapMode.READ);
    const stamps = new BigUint64Array(this.staging.getMappedRange().slice(0, dispatches.length * 16));
    this.staging.unmap();
    dispatches.forEach((d, i) => {
      const begin = stamps[2 * i] ?? 0n;
      const end = stamps[2 * i + 1] ?? 0n;
      const entry = this.totals.get(d.kernel) ?? { ns: 0, calls: 0 };
      entry.ns += end > begin ? Number(end - begin) : 0;
      entry.calls += 1;
      this.totals.set(d.kernel, entry);
    });
  }

  report(): KernelTime[] {
    return [...this.totals.entries()]
      .map(([kernel, t]) => ({ kernel, ms: t.ns / 1e6, calls: t.calls }))
      .sort((a, b) => b.ms - a.ms);
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolve.destroy();
    this.staging.destroy();
  }
}
