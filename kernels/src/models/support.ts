// What this engine can build, checked before any GPU work so a bad spec fails with the field it names.
// The zod schemas (@forge/spec) check the documents themselves; this adds the engine's own limits.
import { type TArchitecture } from "@forge/spec";

export class SpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "SpecError";
  }
}

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
    if (layer.type === "mamba2" || layer.type === "moe") {
      throw new SpecError(
        `${at}.type`,
        `${layer.type} layers are not implemented by this engine yet (attention and mlp are)`,
      );
    }
    if (layer.type === "attention") {
      if (C % layer.heads !== 0)
        throw new SpecError(`${at}.heads`, `${layer.heads} heads do not divide d_model ${C}`);
      if (layer.heads % layer.kv_heads !== 0)
        throw new SpecError(`${at}.kv_heads`, `${layer.kv_heads} does not divide heads ${layer.heads}`);
      const D = C / layer.heads;
      if (D % 4 !== 0)
        throw new SpecError(`${at}.heads`, `head dim d_model/heads = ${D} must be a multiple of 4`);
      if (layer.rope && arch.positional !== "rope")
        throw new SpecError(`${at}.rope`, `needs positional: rope, got ${arch.positional}`);
      widest = Math.max(widest, (layer.heads + 2 * layer.kv_heads) * D);
    } else {
      widest = Math.max(widest, layer.act === "swiglu" ? 2 * layer.d_ff : layer.d_ff);
    }
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
