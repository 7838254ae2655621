// Helpers shared by the kernel tests: one lavapipe device per test file (so tests pass on machines without
// a GPU), run a list of launches, read a tensor back.
//
// Importing this file also wraps every test of the importing file in WebGPU error scopes on that device:
// a validation, out-of-memory or internal error raised by the test's GPU calls (a bad binding, a shader
// that does not compile) fails that test, instead of being logged as uncaptured while the test passes.
import { afterEach, beforeEach } from "vitest";
import { acquireDevice, type EngineDevice } from "./device";
import { readTensor, type Tensor } from "./buffers";
import { runDispatches, type Dispatch } from "./dispatch";

let shared: Promise<EngineDevice> | null = null;

export function testDevice(): Promise<EngineDevice> {
  shared ??= acquireDevice({ preferCpu: true });
  return shared;
}

const SCOPES: GPUErrorFilter[] = ["validation", "out-of-memory", "internal"];

beforeEach(async () => {
  const dev = await testDevice();
  for (const filter of SCOPES) dev.gpu.pushErrorScope(filter);
});

afterEach(async () => {
  const dev = await testDevice();
  const errors: string[] = [];
  for (let i = 0; i < SCOPES.length; i++) {
    const error = await dev.gpu.popErrorScope();
    if (error) errors.push(error.message);
  }
  if (errors.length > 0) throw new Error(`WebGPU error during the test: ${errors.join("; ")}`);
});

export async function run(dev: EngineDevice, dispatches: Dispatch | Dispatch[]): Promise<void> {
  await runDispatches(dev, Array.isArray(dispatches) ? dispatches : [dispatches]);
}

export function read(dev: EngineDevice, t: Tensor): Promise<Float32Array> {
  return readTensor(dev.gpu, t);
}
