// What this engine can build, checked before any GPU work so a bad spec fails with the field it names.
// The zod schemas (@forge/spec) check the documents themselves; this adds the engine's own limits (each
// layer type's own in its file under layers/).
import { type TArchitecture } from "@forge/spec";
import { SpecError } from "./spec-error";
import { layerType } from "./layers/registry";

export function checkArchitecture(
  arch: TArchitecture,
  run: {
    batch: number;
    seqLen: number;
    limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  },
): void {
  const C = arch.d_model;
  if (!(arch.vocab >= 1))
    throw new SpecError("architecture.vocab", `must be a positive integer, got ${arch.vocab}`);
  if (!(C >= 1)) throw new SpecError("architecture.d_model", `must be a positive integer, got ${C}`);
  let widest = C;
  arch.layers.forEach((layer, i) => {
    const at = `architecture.layers[${i}]`;
    const type = layerType(layer.type, at);
    type.check?.(layer, arch, at);
    widest = Math.max(widest, ...type.scratch(layer, arch));
  });
  if (arch.precision.matmul !== "fp32") {
    throw new SpecError(
      "architecture.precision.matmul",
      `${arch.precision.matmul} is not implemented by this engine yet (fp32 is)`,
    );
  }
  if (!(run.batch >= 1) || !Number.isInteger(run.batch))
    throw new SpecError("recipe.batch_tokens", `gives a batch of ${run.batch} sequences`);
  if (!(run.seqLen >= 1) || !Number.isInteger(run.seqLen))
    throw new SpecError("recipe.seq_len", `must be a positive integer, got ${run.seqLen}`);
  if (arch.positional === "learned" && run.seqLen > arch.max_seq) {
    throw new SpecError(
      "recipe.seq_len",
      `${run.seqLen} exceeds architecture.max_seq ${arch.max_seq} of the learned position table`,
    );
  }
  const M = run.batch * run.seqLen;
  const limit = Math.min(run.limits.maxStorageBufferBindingSize, run.limits.maxBufferSize);
  const largest: Array<[string, number]> = [
    ["architecture.vocab", M * arch.vocab * 4], // logits [batch·seq, vocab]
    ["architecture.layers", M * widest * 4], // widest activation
    ["architecture.vocab", arch.vocab * C * 4], // embedding table
  ];
  for (const [field, bytes] of largest) {
    if (bytes > limit) {
      throw new SpecError(
        field,
        `needs a ${(bytes / 2 ** 20).toFixed(0)} MiB buffer (batch ${run.batch} x seq ${run.seqLen}), over the device's ${(limit / 2 ** 20).toFixed(0)} MiB binding limit`,
      );
    }
  }
}
