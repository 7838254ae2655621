// Evaluates a trained model (a checkpoint written by `train`) on held-out token arrays, one mean
// cross-entropy per named array (the eval-run job scores each data source). Each array is cut into the
// same fixed consecutive windows as train()'s own evaluation, so every run of every proposal is scored
// on identical text; exactly min(maxTokens, all) whole windows count, each once.
import { ZArchitecture, hashArtifact } from "../spec";
import { acquireDevice, type EngineDevice } from "../runtime/device";
import { readTensor } from "../runtime/buffers";
import { encodeDispatches } from "../runtime/dispatch";
import { buildModel } from "../models/network";
import { checkArchitecture, SpecError } from "../models/support";
import { decodeCheckpoint } from "./checkpoint";
import { checkTokens, evalBatch, type TokenArray } from "./data";

export type EvaluateOptions = {
  architecture: unknown;
  /** Bytes written by train()'s checkpoint.save. */
  checkpoint: Uint8Array;
  /** Named held-out token arrays, e.g. one per data source. Arrays shorter than seqLen + 1 tokens are
   * left out of the result (there is no whole window to score). */
  tokens: Record<string, TokenArray>;
  seqLen: number;
  batch: number;
  /** Tokens scored per array at most (whole windows, at least one); the whole array when absent. */
  maxTokens?: number;
  device?: EngineDevice;
};

/** Mean loss in nats per token and the number of tokens scored, per named array. */
export type EvaluateResult = Record<string, { loss: number; tokens: number }>;

export async function evaluateCheckpoint(opts: EvaluateOptions): Promise<EvaluateResult> {
  const parsed = ZArchitecture.safeParse(opts.architecture);
  if (!parsed.success) throw new SpecError("architecture", parsed.error.issues[0]?.message ?? "invalid");
  const arch = parsed.data;
  const { batch: B, seqLen: T } = opts;
  const state = decodeCheckpoint(opts.checkpoint);
  if (state.header.archHash !== hashArtifact(arch))
    throw new Error("checkpoint: made for another architecture");
  const usable = Object.entries(opts.tokens).filter(([, tokens]) => tokens.length >= T + 1);
  for (const [name, tokens] of usable) checkTokens(name, tokens, arch.vocab, T);

  const dev = opts.device ?? (await acquireDevice());
  try {
    checkArchitecture(arch, { batch: B, seqLen: T, limits: dev.gpu.limits });
    const net = buildModel(arch, dev, { seed: state.header.seed, batch: B, seqLen: T });
    try {
      if (net.layout.total !== state.header.paramCount) {
        throw new Error(
          `checkpoint: ${state.header.paramCount} parameters, the model has ${net.layout.total}`,
        );
      }
      net.setParameters(state.params);
      const dispatches = [...net.forward, ...net.evalLoss];
      const result: EvaluateResult = {};
      for (const [name, tokens] of usable) {
        const all = Math.floor((tokens.length - 1) / T);
        const windows =
          opts.maxTokens === undefined ? all : Math.min(all, Math.max(1, Math.floor(opts.maxTokens / T)));
        let nats = 0;
        for (let k = 0; k * B < windows; k++) {
          const batch = evalBatch(tokens, k, B, T);
          net.setBatch(batch.inputs, batch.targets);
          const encoder = dev.gpu.createCommandEncoder();
          encodeDispatches(encoder, dispatches);
          dev.gpu.queue.submit([encoder.finish()]);
          // Per-position losses, so the last batch counts only its wanted windows (evalBatch wraps around).
          const losses = await readTensor(dev.gpu, net.tokenLosses);
          const wanted = Math.min(B, windows - k * B) * T;
          for (let i = 0; i < wanted; i++) nats += losses[i]!;
        }
        const loss = nats / (windows * T);
        if (!Number.isFinite(loss)) throw new Error(`evaluation: loss is ${loss} on ${name}`);
        result[name] = { loss, tokens: windows * T };
      }
      return result;
    } finally {
      net.release();
    }
  } finally {
    if (!opts.device) dev.destroy();
  }
}
