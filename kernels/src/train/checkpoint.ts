// Checkpoint format: "FORGECK1", a u32 header length, the JSON header, padding to 4 bytes, then
// parameters, AdamW m and AdamW v as little-endian f32 arrays of the parameter layout's length.
// Resuming restores these and the step; batches and the schedule depend only on (seed, step), so the
// loss curve continues exactly as if the run had never stopped.
const MAGIC = "FORGECK1";

export type CheckpointHeader = {
  engine: string;
  step: number;
  seed: number;
  paramCount: number;
  archHash: string;
};
export type CheckpointState = {
  header: CheckpointHeader;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
};

export function encodeCheckpoint(state: CheckpointState): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(state.header));
  const headerEnd = Math.ceil((12 + json.length) / 4) * 4;
  const n = state.header.paramCount;
  const out = new Uint8Array(headerEnd + 3 * n * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  const floats = new Float32Array(out.buffer, headerEnd, 3 * n);
  floats.set(state.params, 0);
  floats.set(state.m, n);
  floats.set(state.v, 2 * n);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): CheckpointState {
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw new Error("checkpoint: not a Forge checkpoint");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength)),
  ) as CheckpointHeader;
  const headerEnd = Math.ceil((12 + jsonLength) / 4) * 4;
  const n = header.paramCount;
  if (bytes.byteLength !== headerEnd + 3 * n * 4) throw new Error("checkpoint: truncated");
  // Copy out: the input may not be 4-byte aligned.
  const floats = new Float32Array(bytes.slice(headerEnd).buffer);
  return { header, params: floats.slice(0, n), m: floats.slice(n, 2 * n), v: floats.slice(2 * n, 3 * n) };
}
