// Buffer pool: every storage buffer the engine uses comes from here, so freed buffers of the same size
// are reused and the peak number of bytes held is known (reported as a run's peakBytes).
import "./gpu-globals";

export const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** A run of f32 (or u32) elements inside a GPU buffer; offset is in elements and 256-byte aligned. */
export type Tensor = {
  buffer: GPUBuffer;
  offset: number;
  length: number;
};

export function binding(t: Tensor): GPUBufferBinding {
  return { buffer: t.buffer, offset: t.offset * 4, size: Math.max(4, t.length * 4) };
}

/** A view of `length` elements starting `offset` elements into `t`. */
export function slice(t: Tensor, offset: number, length: number): Tensor {
  if (offset + length > t.length)
    throw new Error(`slice [${offset}, ${offset + length}) outside tensor of ${t.length}`);
  return { buffer: t.buffer, offset: t.offset + offset, length };
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  private liveBytes = 0;
  private scratchBySize = new Map<number, Tensor>();
  peakBytes = 0;

  constructor(private readonly gpu: GPUDevice) {}

  tensor(length: number): Tensor {
    const bytes = Math.max(256, Math.ceil((length * 4) / 256) * 256);
    const maxBytes = this.gpu.limits.maxStorageBufferBindingSize;
    if (bytes > maxBytes) {
      throw new Error(
        `a buffer of ${bytes} bytes exceeds the device's maxStorageBufferBindingSize ${maxBytes}`,
      );
    }
    const reused = this.free.get(bytes)?.pop();
    const buffer = reused ?? this.gpu.createBuffer({ size: bytes, usage: STORAGE });
    this.liveBytes += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.liveBytes);
    return { buffer, offset: 0, length };
  }

  upload(data: Float32Array | Uint32Array): Tensor {
    const t = this.tensor(data.length);
    this.gpu.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return t;
  }

  /**
   * Transient workspace shared by every launch that asks for the same power-of-two size class (split-K
   * partials): launches in a step run in order, so they never need it at the same time.
   */
  scratch(length: number): Tensor {
    const size = 2 ** Math.ceil(Math.log2(Math.max(length, 1 << 16)));
    let t = this.scratchBySize.get(size);
    if (!t) {
      t = this.tensor(size);
      this.scratchBySize.set(size, t);
    }
    return slice(t, 0, length);
  }

  /** Starts a new peak measurement from what is held now (one per training run). */
  resetPeak(): void {
    this.peakBytes = this.liveBytes;
  }

  release(t: Tensor): void {
    const bytes = t.buffer.size;
    const list = this.free.get(bytes) ?? [];
    list.push(t.buffer);
    this.free.set(bytes, list);
    this.liveBytes -= bytes;
  }

  destroy(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
  }
}

/** Small uniform buffer holding a kernel's shape constants (u32/f32 words). */
export function uniforms(gpu: GPUDevice, words: Array<number>, floatIndices: number[] = []): GPUBuffer {
  const data = new ArrayBuffer(Math.max(16, Math.ceil((words.length * 4) / 16) * 16));
  const u32 = new Uint32Array(data);
  const f32 = new Float32Array(data);
  words.forEach((w, i) => {
    if (floatIndices.includes(i)) f32[i] = w;
    else u32[i] = w;
  });
  const buffer = gpu.createBuffer({
    size: data.byteLength,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  gpu.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** Reads a tensor back to the host (tests, checkpoints, crosscheck exports; never inside a training step). */
export async function readTensor(gpu: GPUDevice, t: Tensor): Promise<Float32Array> {
  const bytes = t.length * 4;
  const staging = gpu.createBuffer({
    size: Math.max(4, bytes),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = gpu.createCommandEncoder();
  encoder.copyBufferToBuffer(t.buffer, t.offset * 4, staging, 0, bytes);
  gpu.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}
