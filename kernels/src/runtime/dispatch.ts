// A kernel launch prepared once (pipeline, bind group, grid) and encoded any number of times. A training
// step is a list of these recorded into ONE command encoder and submitted once: no per-op submit.
import { binding, type Tensor } from "./buffers";
import { type EngineDevice } from "./device";

export type Dispatch = {
  kernel: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
};

export type Binding = Tensor | GPUBuffer;

export function makeDispatch(
  dev: EngineDevice,
  kernel: string,
  pipeline: GPUComputePipeline,
  bindings: Binding[],
  workgroups: [number, number, number],
): Dispatch {
  const maxGroups = dev.gpu.limits.maxComputeWorkgroupsPerDimension;
  if (workgroups.some((w) => w > maxGroups)) {
    throw new Error(
      `${kernel}: grid ${workgroups.join("x")} exceeds maxComputeWorkgroupsPerDimension ${maxGroups}`,
    );
  }
  const bindGroup = dev.gpu.createBindGroup({
    label: kernel,
    layout: pipeline.getBindGroupLayout(0),
    entries: bindings.map((b, i) => ({
      binding: i,
      resource: "buffer" in b ? binding(b) : { buffer: b },
    })),
  });
  return { kernel, pipeline, bindGroup, workgroups };
}

/** Records the launches into one compute pass (Dawn orders dependent dispatches inside a pass). */
export function encodeDispatches(encoder: GPUCommandEncoder, dispatches: Dispatch[]): void {
  const pass = encoder.beginComputePass();
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
  }
  pass.end();
}

/** Encodes, submits and waits: for tests and one-off work, not for the training loop. */
export async function runDispatches(dev: EngineDevice, dispatches: Dispatch[]): Promise<void> {
  const encoder = dev.gpu.createCommandEncoder();
  encodeDispatches(encoder, dispatches);
  dev.gpu.queue.submit([encoder.finish()]);
  await dev.gpu.queue.onSubmittedWorkDone();
}

export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** A 1-D launch of n threads folded into a 2-D grid (each grid dimension is capped at 65535). */
export function grid1d(n: number, workgroupSize: number): [number, number, number] {
  const groups = Math.max(1, ceilDiv(n, workgroupSize));
  const x = Math.min(groups, 65535);
  return [x, ceilDiv(groups, x), 1];
}

/** WGSL for the flat thread index of a grid1d launch; declare `nwg` and `wg` builtins in main. */
export function flatIndex(workgroupSize: number): string {
  return `(wg.y * nwg.x + wg.x) * ${workgroupSize}u + lid`;
}
