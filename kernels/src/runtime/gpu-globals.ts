// Dawn's GPUBufferUsage/GPUMapMode/... constants on globalThis, before any module reads them.
import { globals } from "webgpu";

Object.assign(globalThis, globals);
