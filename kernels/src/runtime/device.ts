// Device acquisition: a real GPU through Dawn's Vulkan backend first, Mesa lavapipe (llvmpipe) as the
// CPU fallback for tests and machines without a GPU, and a clear error when Vulkan offers neither.
import "./gpu-globals";
import { create } from "webgpu";
import { BufferPool } from "./buffers";
import { PipelineCache } from "./pipelines";

export type AdapterKind = "gpu" | "cpu" | "none";

export type AdapterDescription = {
  kind: AdapterKind;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  features: string[];
  limits: Record<string, number>;
};

export type EngineDevice = {
  gpu: GPUDevice;
  adapter: AdapterDescription;
  pool: BufferPool;
  pipelines: PipelineCache;
  hasTimestamps: boolean;
  hasSubgroups: boolean;
  /** Drops the Dawn instance reference so node can exit (webgpu README, "Lifetime"). */
  destroy(): void;
};

// One Dawn instance per process; node stays alive while it is referenced, so destroy() releases it.
// Without robustness Dawn drops its index clamping from every buffer and workgroup-array access. Our
// kernels bound-check explicitly and only our own WGSL ever runs (proposals are data, never code), so
// the engine turns it off by default: 9-12% faster training steps on an H100 (BENCHMARKS.md).
let instance: GPU | null = null;
let instanceFlags = "";
function dawn(robustness: boolean): GPU {
  const flags = robustness ? "" : "enable-dawn-features=disable_robustness";
  if (!instance || flags !== instanceFlags) {
    instance = create(flags ? [flags] : []);
    instanceFlags = flags;
  }
  return instance;
}

// llvmpipe and SwiftShader report themselves as CPU devices; everything else Vulkan offers is a GPU.
function isCpuAdapter(info: GPUAdapterInfo): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return /llvmpipe|lavapipe|swiftshader|cpu/.test(text);
}

function describe(adapter: GPUAdapter): AdapterDescription {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const key in adapter.limits) {
    const value = (adapter.limits as unknown as Record<string, unknown>)[key];
    if (typeof value === "number") limits[key] = value;
  }
  return {
    kind: isCpuAdapter(info) ? "cpu" : "gpu",
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    features: [...adapter.features].map(String).sort(),
    limits,
  };
}

async function pickAdapter(preferCpu: boolean, robustness: boolean): Promise<GPUAdapter | null> {
  const gpu = dawn(robustness);
  const highPerf = await gpu.requestAdapter({ powerPreference: "high-performance" });
  const fallback = await gpu.requestAdapter({ forceFallbackAdapter: true }).catch(() => null);
  const candidates = [highPerf, fallback].filter((a): a is GPUAdapter => a !== null);
  const real = candidates.find((a) => !isCpuAdapter(a.info));
  const cpu = candidates.find((a) => isCpuAdapter(a.info));
  return preferCpu ? (cpu ?? real ?? null) : (real ?? cpu ?? null);
}

/** Describes the adapter acquireDevice() would use; kind "none" (never an exception) when there is none. */
export async function describeAdapter(opts: { preferCpu?: boolean } = {}): Promise<AdapterDescription> {
  const adapter = await pickAdapter(opts.preferCpu ?? false, false).catch(() => null);
  if (!adapter) {
    return {
      kind: "none",
      vendor: "",
      architecture: "",
      device: "",
      description: "",
      features: [],
      limits: {},
    };
  }
  return describe(adapter);
}

export type AcquireOptions = { preferCpu?: boolean; robustness?: boolean };

export async function acquireDevice(opts: AcquireOptions = {}): Promise<EngineDevice> {
  const adapter = await pickAdapter(opts.preferCpu ?? false, opts.robustness ?? false);
  if (!adapter) {
    throw new Error(
      "no WebGPU adapter: Dawn found neither a GPU nor lavapipe through Vulkan " +
        "(install mesa-vulkan-drivers >= 25 for the CPU fallback, or the NVIDIA Vulkan ICD)",
    );
  }
  const wanted: GPUFeatureName[] = ["timestamp-query", "subgroups"];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  // Ask for everything the adapter allows: the defaults (128 MiB bindings, 16 KiB workgroup memory,
  // 8 storage buffers per stage) are far below what the training kernels need.
  const requiredLimits: Record<string, number> = {};
  for (const key in adapter.limits) {
    const value = (adapter.limits as unknown as Record<string, unknown>)[key];
    // Dawn clamps the dynamic-offset limits anyway and warns when asked for more; we use none.
    if (typeof value === "number" && !key.includes("Dynamic")) requiredLimits[key] = value;
  }
  const gpu = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  // Outside error scopes an error only reaches this log; the tests run inside scopes (testing.ts) so
  // that one fails the test that caused it.
  gpu.addEventListener("uncapturederror", (event) => {
    console.error("WebGPU error:", event.error.message);
  });
  const description = describe(adapter);
  return {
    gpu,
    adapter: description,
    pool: new BufferPool(gpu),
    pipelines: new PipelineCache(gpu),
    hasTimestamps: requiredFeatures.includes("timestamp-query"),
    hasSubgroups: requiredFeatures.includes("subgroups"),
    destroy() {
      gpu.destroy();
      instance = null;
    },
  };
}
