// The training loop: validate the specs (before any GPU work), build the network, then per step upload
// the batch, encode forward + loss + backward + AdamW into ONE command encoder and submit it. The loss of
// step s is read back while step s+1 already runs, so the GPU never waits for the host. Evaluation,
// checkpoints and profiling steps drain the pipeline first.
import { type z } from "zod";
import {
  ZArchitecture,
  ZRecipe,
  recipeSteps,
  zodIssuesToErrors,
  hashArtifact,
  type TArchitecture,
  type TRecipe,
} from "@forge/spec";
import { acquireDevice, type EngineDevice } from "../runtime/device";
import { readTensor } from "../runtime/buffers";
import { encodeDispatches } from "../runtime/dispatch";
import { Profiler, type KernelTime } from "../runtime/profiler";
import { buildModel } from "../models/network";
import { checkArchitecture } from "../models/support";
import { SpecError } from "../models/spec-error";
import { adamw, NORM_PARTIALS } from "../ops/adamw/adamw";
import { learningRate } from "./schedule";
import { trainBatch, evalBatch, checkTokens, type TokenArray } from "./data";
import { encodeCheckpoint, decodeCheckpoint } from "./checkpoint";
import { ENGINE_VERSION } from "@forge/spec";

export type StepInfo = { loss: number; lr: number; tokens: number; elapsedMs: number };

export type CheckpointStore = {
  save(state: Uint8Array): Promise<void>;
  load(): Promise<Uint8Array | null>;
  everySteps: number;
};

export type TrainOptions = {
  architecture: unknown;
  recipe: unknown;
  /** Sequence length when the recipe has none (the data mix's seq_len). */
  seqLen?: number;
  train: TokenArray;
  val: TokenArray;
  seed: number;
  device?: EngineDevice;
  onStep?: (step: number, info: StepInfo) => void;
  onEval?: (step: number, info: { loss: number }) => void;
  checkpoint?: CheckpointStore;
  signal?: AbortSignal;
  /** Profile every this many steps (timestamp queries, one pass per kernel); 0 turns it off. */
  profileEvery?: number;
};

export type TrainResult = {
  finalLoss: number;
  evalLoss: number;
  tokensPerSecond: number;
  peakBytes: number;
  /** Mean GPU time per training step of each kernel over the profiled steps, slowest first. */
  profile: KernelTime[];
  steps: number;
};

function parseSpec<S extends z.ZodType>(field: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = zodIssuesToErrors(parsed.error.issues)[0];
  throw new SpecError(first?.path ? `${field}.${first.path}` : field, first?.message ?? "invalid");
}

export type TrainPlan = {
  arch: TArchitecture;
  recipe: TRecipe;
  batch: number;
  seqLen: number;
  steps: number;
};

/** Everything that can be checked without a GPU: the specs, the run shape and the tokens. */
export function planTraining(
  opts: Pick<TrainOptions, "architecture" | "recipe" | "seqLen" | "train" | "val" | "seed">,
): TrainPlan {
  const arch = parseSpec("architecture", ZArchitecture, opts.architecture);
  const recipe = parseSpec("recipe", ZRecipe, opts.recipe);
  const seqLen = recipe.seq_len ?? opts.seqLen;
  if (seqLen === undefined)
    throw new SpecError("recipe.seq_len", "missing: set it in the recipe or pass the data mix's seqLen");
  if (recipe.batch_tokens % seqLen !== 0)
    throw new SpecError(
      "recipe.batch_tokens",
      `${recipe.batch_tokens} is not a multiple of seq_len ${seqLen}`,
    );
  if (!Number.isInteger(opts.seed) || opts.seed < 0)
    throw new SpecError("seed", `must be a non-negative integer, got ${opts.seed}`);
  checkTokens("train", opts.train, arch.vocab, seqLen);
  checkTokens("val", opts.val, arch.vocab, seqLen);
  return { arch, recipe, batch: recipe.batch_tokens / seqLen, seqLen, steps: recipeSteps(recipe) };
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const plan = planTraining(opts);
  const dev = opts.device ?? (await acquireDevice());
  try {
    checkArchitecture(plan.arch, { batch: plan.batch, seqLen: plan.seqLen, limits: dev.gpu.limits });
    return await trainOn(dev, plan, opts);
  } finally {
    if (!opts.device) dev.destroy();
  }
}

async function trainOn(dev: EngineDevice, plan: TrainPlan, opts: TrainOptions): Promise<TrainResult> {
  const { arch, recipe, batch: B, seqLen: T, steps } = plan;
  dev.pool.resetPeak();
  const net = buildModel(arch, dev, { seed: opts.seed, batch: B, seqLen: T });
  const n = net.layout.total;
  const partial = dev.pool.tensor(NORM_PARTIALS);
  const m = dev.pool.upload(new Float32Array(n));
  const v = dev.pool.upload(new Float32Array(n));
  const [beta1, beta2] = recipe.optimizer.betas;
  const optimizer = adamw(dev, {
    params: net.params,
    grads: net.grads,
    m,
    v,
    partial,
    decayCount: net.layout.decayCount,
    hyper: {
      lr: recipe.optimizer.lr,
      beta1,
      beta2,
      eps: 1e-8,
      weightDecay: recipe.optimizer.weight_decay,
      gradClip: recipe.optimizer.grad_clip,
    },
  });
  const archHash = hashArtifact(arch);

  let start = 0;
  const saved = await opts.checkpoint?.load();
  if (saved) {
    const state = decodeCheckpoint(saved);
    const h = state.header;
    if (h.paramCount !== n || h.archHash !== archHash || h.seed !== opts.seed) {
      throw new Error(
        `checkpoint: made for another run (params ${h.paramCount}/${n}, seed ${h.seed}/${opts.seed}, arch ${h.archHash.slice(0, 8)}/${archHash.slice(0, 8)})`,
      );
    }
    net.setParameters(state.params);
    dev.gpu.queue.writeBuffer(m.buffer, 0, state.m);
    dev.gpu.queue.writeBuffer(v.buffer, 0, state.v);
    start = h.step;
  }

  const stepDispatches = [...net.forward, ...net.trainLoss, ...net.backward, ...optimizer.dispatches];
  const evalDispatches = [...net.forward, ...net.evalLoss];
  const profileEvery = opts.profileEvery ?? 100;
  const profiler = dev.hasTimestamps && profileEvery > 0 ? new Profiler(dev, stepDispatches.length) : null;
  let profiledSteps = 0;
  const staging = [0, 1].map(() =>
    dev.gpu.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
  );

  const t0 = performance.now();
  let pausedMs = 0; // evaluation and checkpoint time, left out of tokens/s
  let tokens = start * B * T;
  let trainedTokens = 0;
  let lastLoss = NaN;
  let evalLoss = NaN;
  type Pending = { step: number; lr: number; buffer: GPUBuffer; mapped: Promise<void> };
  let pending: Pending | null = null;
  const inFlight: Array<Promise<void> | null> = [null, null];

  const readLoss = async (buffer: GPUBuffer, mapped: Promise<void>): Promise<number> => {
    await mapped;
    const loss = new Float32Array(buffer.getMappedRange().slice(0))[0]!;
    buffer.unmap();
    return loss;
  };
  const finish = async (p: Pending): Promise<void> => {
    const loss = await readLoss(p.buffer, p.mapped);
    if (!Number.isFinite(loss)) throw new Error(`training stopped: loss is ${loss} at step ${p.step}`);
    tokens += B * T;
    trainedTokens += B * T;
    lastLoss = loss;
    opts.onStep?.(p.step, { loss, lr: p.lr, tokens, elapsedMs: performance.now() - t0 });
  };
  const drain = async (): Promise<void> => {
    const last = pending;
    pending = null;
    if (last) await finish(last);
  };
  const evaluate = async (step: number): Promise<void> => {
    const began = performance.now();
    const batches = Math.max(1, Math.ceil((recipe.eval_tokens ?? 4 * B * T) / (B * T)));
    let sum = 0;
    for (let k = 0; k < batches; k++) {
      const batch = evalBatch(opts.val, k, B, T);
      net.setBatch(batch.inputs, batch.targets);
      const encoder = dev.gpu.createCommandEncoder();
      encodeDispatches(encoder, evalDispatches);
      encoder.copyBufferToBuffer(net.loss.buffer, net.loss.offset * 4, staging[0]!, 0, 4);
      dev.gpu.queue.submit([encoder.finish()]);
      sum += await readLoss(staging[0]!, staging[0]!.mapAsync(GPUMapMode.READ));
    }
    evalLoss = sum / batches;
    opts.onEval?.(step, { loss: evalLoss });
    pausedMs += performance.now() - began;
  };
  const saveCheckpoint = async (completed: number): Promise<void> => {
    if (!opts.checkpoint) return;
    const began = performance.now();
    const [params, mv, vv] = await Promise.all([
      readTensor(dev.gpu, net.params),
      readTensor(dev.gpu, m),
      readTensor(dev.gpu, v),
    ]);
    const header = { engine: ENGINE_VERSION, step: completed, seed: opts.seed, paramCount: n, archHash };
    await opts.checkpoint.save(encodeCheckpoint({ header, params, m: mv, v: vv }));
    pausedMs += performance.now() - began;
  };

  try {
    for (let step = start; step < steps; step++) {
      opts.signal?.throwIfAborted();
      const lr = learningRate(recipe, step, steps);
      const batch = trainBatch(opts.train, opts.seed, step, B, T);
      net.setBatch(batch.inputs, batch.targets);
      optimizer.setStep(step + 1, lr);
      // Step 2 is the first warm one (pipelines compiled, caches filled); then every profileEvery steps.
      const profiling =
        profiler !== null &&
        (step === Math.min(2, steps - 1) || (step > 2 && (step - 2) % profileEvery === 0));
      const encoder = dev.gpu.createCommandEncoder();
      if (profiling) profiler.encode(encoder, stepDispatches);
      else encodeDispatches(encoder, stepDispatches);
      const buffer = staging[step % 2]!;
      encoder.copyBufferToBuffer(net.loss.buffer, net.loss.offset * 4, buffer, 0, 4);
      dev.gpu.queue.submit([encoder.finish()]);
      const current: Pending = { step, lr, buffer, mapped: buffer.mapAsync(GPUMapMode.READ) };
      inFlight[step % 2] = current.mapped;
      const previous = pending;
      pending = current;
      if (previous) await finish(previous);
      if (profiling) {
        await drain();
        await profiler.collect(stepDispatches);
        profiledSteps++;
      }
      const completed = step + 1;
      const atEval =
        recipe.eval_every !== undefined && completed % recipe.eval_every === 0 && completed < steps;
      const atCheckpoint = opts.checkpoint !== undefined && completed % opts.checkpoint.everySteps === 0;
      if (atEval || atCheckpoint) await drain();
      if (atEval) await evaluate(completed);
      if (atCheckpoint) await saveCheckpoint(completed);
    }
    await drain();
    const trainMs = performance.now() - t0 - pausedMs;
    await evaluate(steps);
    return {
      finalLoss: lastLoss,
      evalLoss,
      tokensPerSecond: trainedTokens / (trainMs / 1000),
      peakBytes: dev.pool.peakBytes,
      profile: (profiler?.report() ?? []).map((k) => ({
        kernel: k.kernel,
        ms: k.ms / profiledSteps,
        calls: k.calls / profiledSteps,
      })),
      steps,
    };
  } finally {
    // An error mid-step can leave a mapping in flight; let it settle before the buffers go away.
    await Promise.allSettled(inFlight.filter((mapping) => mapping !== null));
    profiler?.destroy();
    optimizer.destroy();
    net.release();
    for (const t of [m, v, partial]) dev.pool.release(t);
    for (const b of staging) b.destroy();
  }
}
