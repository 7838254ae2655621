// Parameter layout and seeded init. All parameters live in one flat buffer (gradients, AdamW's m and v
// in three more of the same layout): the optimizer and the gradient norm are then one launch each, and a
// checkpoint is three contiguous arrays. Matrices (weight-decayed) come first, then vectors (norm gains,
// biases: not decayed), so the decay mask is a single boundary.
import { Rng, mixSeed } from "../runtime/random";

export type ParamInit =
  | { kind: "normal"; std: number }
  | { kind: "ones" }
  | { kind: "zeros" }
  /** Fixed values chosen by the layer (Mamba-2's per-head dt_bias and A_log). */
  | { kind: "values"; values: readonly number[] };
export type ParamSpec = { name: string; shape: number[]; init: ParamInit };
export type ParamEntry = ParamSpec & { offset: number; length: number; decay: boolean };

// Each tensor starts on a 256-byte boundary: storage-buffer binding offsets must be aligned.
const ALIGN = 64;

export type ParamLayout = {
  entries: ParamEntry[];
  total: number;
  decayCount: number;
  byName: Map<string, ParamEntry>;
};

export function layoutParameters(specs: ParamSpec[]): ParamLayout {
  const matrices = specs.filter((s) => s.shape.length >= 2);
  const vectors = specs.filter((s) => s.shape.length < 2);
  const entries: ParamEntry[] = [];
  let offset = 0;
  let decayCount = 0;
  for (const [group, decay] of [
    [matrices, true],
    [vectors, false],
  ] as const) {
    for (const spec of group) {
      const length = spec.shape.reduce((a, b) => a * b, 1);
      entries.push({ ...spec, offset, length, decay });
      offset = Math.ceil((offset + length) / ALIGN) * ALIGN;
    }
    if (decay) decayCount = offset;
  }
  return { entries, total: offset, decayCount, byName: new Map(entries.map((e) => [e.name, e])) };
}

/** Initial values from the seed alone: tensor i draws from its own stream, so layout changes stay local. */
export function initParameters(layout: ParamLayout, seed: number): Float32Array {
  const flat = new Float32Array(layout.total);
  layout.entries.forEach((entry, i) => {
    const view = flat.subarray(entry.offset, entry.offset + entry.length);
    const init = entry.init;
    if (init.kind === "ones") view.fill(1);
    if (init.kind === "values") view.set(init.values);
    if (init.kind === "normal") {
      const rng = new Rng(mixSeed(seed, i));
      for (let j = 0; j < view.length; j++) view[j] = init.std * rng.normal();
    }
  });
  return flat;
}
