// Helpers shared by the op tests: one lavapipe device per test file (so tests pass on machines without
// a GPU), run a list of launches, read a tensor back.
import { acquireDevice, type EngineDevice } from "./device";
import { readTensor, type Tensor } from "./buffers";
import { runDispatches, type Dispatch } from "./dispatch";

let shared: Promise<EngineDevice> | null = null;

export function testDevice(): Promise<EngineDevice> {
  shared ??= acquireDevice({ preferCpu: true });
  return shared;
}

export async function run(dev: EngineDevice, dispatches: Dispatch | Dispatch[]): Promise<void> {
  await runDispatches(dev, Array.isArray(dispatches) ? dispatches : [dispatches]);
}

export function read(dev: EngineDevice, t: Tensor): Promise<Float32Array> {
  return readTensor(dev.gpu, t);
}
