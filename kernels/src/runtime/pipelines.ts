// Pipeline cache: a WGSL module is compiled once per shader variant key (static configuration such as
// tile sizes, transposes, head dim); shapes travel in uniforms so a new shape never recompiles.

export class PipelineCache {
  private cache = new Map<string, GPUComputePipeline>();
  compiled = 0;

  constructor(private readonly gpu: GPUDevice) {}

  get(key: string, build: () => string): GPUComputePipeline {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const module = this.gpu.createShaderModule({ label: key, code: build() });
    const pipeline = this.gpu.createComputePipeline({
      label: key,
      layout: "auto",
      compute: { module, entryPoint: "main" },
    });
    this.cache.set(key, pipeline);
    this.compiled++;
    return pipeline;
  }
}
