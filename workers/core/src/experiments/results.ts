// Turns a finished check's runs into its results: per metric (held-out loss and bits per byte, overall and
// per source; accuracy per eval task and their mean, task_accuracy) the base and head means over seeds, the
// paired delta with its 95% CI and p-value, a verdict against the noise floor the base seeds show, data
// efficiency, cost, model size and the per-kernel profile; then the recipe's check rule decides PASS/FAIL.
import { z } from "zod";
import { CHECK_METRIC_DIRECTION, ZCheckRule, applyCheckRule, type TCheckRule } from "@forge/spec";
import { mean, pairedTTest, sampleStd } from "./statistics";
import type { TKernelTime, TMetricPoint, TRunCost, TRunFinal } from "./run-records";

export type TResultRun = {
  role: "BASE" | "HEAD";
  seed: number;
  state: string;
  error: string | null;
  metrics: TMetricPoint[];
  final: TRunFinal | null;
  /** GPU-seconds the run held (null: it never started). */
  gpuSeconds: number | null;
  /** The earlier run a reused base run was copied from: its GPU-seconds are counted there. */
  reusedFromId: string | null;
  cost: TRunCost | null;
  profile: TKernelTime[] | null;
};

const ZVerdict = z.enum(["better", "worse", "within noise", "not significant", "single seed"]);
export type TVerdict = z.output<typeof ZVerdict>;

const ZDirection = z.enum(["lower", "higher"]);

export const ZMetricResult = z.object({
  name: z.string(),
  unit: z.string(),
  direction: ZDirection,
  base: z.number(),
  head: z.number(),
  delta: z.number(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  pValue: z.number().nullable(),
  /** Seed-to-seed standard deviation of the base: differences this small are noise. */
  noiseFloor: z.number().nullable(),
  verdict: ZVerdict,
});
export type TMetricResult = z.output<typeof ZMetricResult>;

const ZModelFigures = z.object({ parameters: z.number(), flopsPerToken: z.number() });
export type TModelFigures = z.output<typeof ZModelFigures>;

const ZSideCost = z.object({
  tokensPerSecond: z.number(),
  gpuSeconds: z.number(),
  peakBytes: z.number(),
  reusedRuns: z.number(),
});
/** Per seed: what the head reached against the base's figure (null: the head never did). */
const ZSeedComparison = z.object({ seed: z.number(), head: z.number().nullable(), base: z.number() });

export const ZCheckResults = z.object({
  verdict: z.enum(["PASS", "FAIL"]),
  reason: z.string(),
  rule: ZCheckRule,
  /** The seeds compared: those whose base and head runs both finished. */
  seeds: z.array(z.number()),
  /** Seeds left out because a run of theirs was cancelled on its own, with who cancelled which run. */
  droppedSeeds: z.array(z.object({ seed: z.number(), why: z.string() })).optional(),
  metrics: z.array(ZMetricResult),
  /** Tokens the head needed to reach the base's final training loss, per seed (null: never reached). */
  tokensToBaseLoss: z.array(ZSeedComparison),
  /** Training loss once the head has spent the FLOPs the whole base run spent (null: the head ran out first). */
  lossAtEqualFlops: z.array(ZSeedComparison),
  cost: z.object({ base: ZSideCost, head: ZSideCost }),
  model: z.object({ base: ZModelFigures, head: ZModelFigures }),
  profile: z.array(z.object({ kernel: z.string(), baseMs: z.number(), headMs: z.number() })),
  /** The eval tasks with a row in `metrics` (`task:<name>`) and the items each run scored (fewest over runs). */
  tasks: z.array(z.object({ name: z.string(), items: z.number() })).optional(),
});
export type TCheckResults = z.output<typeof ZCheckResults>;

const SIGNIFICANCE = 0.05;

export function verdictOf(
  direction: "lower" | "higher",
  delta: number,
  pValue: number | null,
  noiseFloor: number | null,
): TVerdict {
  if (noiseFloor !== null && Math.abs(delta) <= noiseFloor) return "within noise";
  if (pValue === null) return "single seed";
  if (pValue >= SIGNIFICANCE) return "not significant";
  const improves = direction === "lower" ? delta < 0 : delta > 0;
  return improves ? "better" : "worse";
}

function compareMetric(
  name: string,
  unit: string,
  direction: "lower" | "higher",
  pairs: { base: number; head: number }[],
): TMetricResult {
  const base = pairs.map((p) => p.base);
  const head = pairs.map((p) => p.head);
  const test = pairedTTest(base, head);
  const noiseFloor = base.length >= 2 ? sampleStd(base) : null;
  return {
    name,
    unit,
    direction,
    base: mean(base),
    head: mean(head),
    delta: test.delta,
    ci95: test.ci95,
    pValue: test.pValue,
    noiseFloor,
    verdict: verdictOf(direction, test.delta, test.pValue, noiseFloor),
  };
}

/** Mean of the last three training losses: the end of a curve, less one step's noise. */
function settledLoss(points: TMetricPoint[]): number {
  return mean(points.slice(-3).map((p) => p.loss));
}

/** First token count at which the 3-step running mean of the loss reaches `target`. */
export function tokensToReach(points: TMetricPoint[], target: number): number | null {
  for (const [i, point] of points.entries()) {
    const window = points.slice(Math.max(0, i - 2), i + 1);
    if (mean(window.map((p) => p.loss)) <= target) return point.tokens;
  }
  return null;
}

/** The head's 3-step running-mean loss at the first step where it has trained `tokens` tokens. */
export function lossAtTokens(points: TMetricPoint[], tokens: number): number | null {
  const at = points.findIndex((p) => p.tokens >= tokens);
  if (at < 0) return null;
  return mean(points.slice(Math.max(0, at - 2), at + 1).map((p) => p.loss));
}

function averageProfiles(runs: TResultRun[]): Map<string, number> {
  const sums = new Map<string, number>();
  const profiles = runs.flatMap((r) => (r.profile && r.profile.length > 0 ? [r.profile] : []));
  for (const profile of profiles)
    for (const k of profile) sums.set(k.kernel, (sums.get(k.kernel) ?? 0) + k.ms / profiles.length);
  return sums;
}

function costOf(runs: TResultRun[]) {
  // A run stopped before its end (failed, cancelled) recorded its GPU-seconds but no throughput.
  const trained = runs.map((r) => r.cost).filter((c): c is TRunCost => c !== null);
  const reused = runs.filter((r) => r.reusedFromId !== null);
  return {
    tokensPerSecond: trained.length ? mean(trained.map((c) => c.tokensPerSecond)) : 0,
    gpuSeconds: runs.filter((r) => r.reusedFromId === null).reduce((a, r) => a + (r.gpuSeconds ?? 0), 0),
    peakBytes: Math.max(0, ...trained.map((c) => c.peakBytes)),
    reusedRuns: reused.length,
  };
}

/** A finished run's held-out scores: eval-run writes val_loss, val_bpb and the per-source scores together. */
function evaluated(run: TResultRun | undefined, seed: number) {
  const final = run?.final;
  if (!run || !final?.sources || final.valBpb === undefined || final.valLoss === undefined)
    throw new Error(`seed ${seed}: a run counted as finished has no held-out scores`);
  const { valBpb, valLoss, sources } = final;
  return { metrics: run.metrics, valBpb, valLoss, sources, tasks: final.tasks ?? {} };
}

export function computeCheckResults(options: {
  runs: TResultRun[];
  rule: TCheckRule;
  model: Record<"base" | "head", TModelFigures>;
}): TCheckResults {
  const { rule } = options;
  // A run cancelled on its own (the check itself still active) drops its seed: without both runs the seed
  // has no pair to compare, and the other seeds still make a check.
  const describe = (r: TResultRun) =>
    `${r.role.toLowerCase()} seed ${r.seed} ${r.state.toLowerCase()}${r.error ? `: ${r.error}` : ""}`;
  const droppedSeeds = [...new Set(options.runs.filter((r) => r.state === "CANCELLED").map((r) => r.seed))]
    .sort((a, b) => a - b)
    .map((seed) => ({
      seed,
      why: options.runs
        .filter((r) => r.seed === seed && r.state === "CANCELLED")
        .sort((a, b) => a.role.localeCompare(b.role))
        .map(describe)
        .join("; "),
    }));
  const runs = options.runs.filter((r) => !droppedSeeds.some((d) => d.seed === r.seed));
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const bySeed = seeds.map((seed) => ({
    seed,
    base: runs.find((r) => r.seed === seed && r.role === "BASE"),
    head: runs.find((r) => r.seed === seed && r.role === "HEAD"),
  }));
  const base = options.runs.filter((r) => r.role === "BASE");
  const head = options.runs.filter((r) => r.role === "HEAD");
  const baseProfile = averageProfiles(base);
  const headProfile = averageProfiles(head);
  const common = {
    rule,
    seeds,
    ...(droppedSeeds.length > 0 ? { droppedSeeds } : {}),
    cost: { base: costOf(base), head: costOf(head) },
    model: options.model,
    profile: [...new Set([...baseProfile.keys(), ...headProfile.keys()])]
      .map((kernel) => ({
        kernel,
        baseMs: baseProfile.get(kernel) ?? 0,
        headMs: headProfile.get(kernel) ?? 0,
      }))
      .sort((a, b) => Math.max(b.baseMs, b.headMs) - Math.max(a.baseMs, a.headMs)),
  };

  const unfinished = runs.filter((r) => r.state !== "SUCCEEDED" || !r.final?.sources);
  if (unfinished.length > 0 || seeds.length === 0) {
    return {
      ...common,
      verdict: "FAIL",
      reason:
        unfinished.length > 0
          ? unfinished.map(describe).join("; ")
          : `no seed left to compare (${droppedSeeds.map((d) => d.why).join("; ")})`,
      metrics: [],
      tokensToBaseLoss: [],
      lossAtEqualFlops: [],
    };
  }

  const pairs = bySeed.map((s) => ({
    seed: s.seed,
    base: evaluated(s.base, s.seed),
    head: evaluated(s.head, s.seed),
  }));
  const metrics: TMetricResult[] = [
    compareMetric(
      "val_bpb",
      "bits/byte",
      "lower",
      pairs.map((p) => ({ base: p.base.valBpb, head: p.head.valBpb })),
    ),
    compareMetric(
      "val_loss",
      "nats/token",
      "lower",
      pairs.map((p) => ({ base: p.base.valLoss, head: p.head.valLoss })),
    ),
  ];
  const sources = [...new Set(pairs.flatMap((p) => Object.keys(p.base.sources)))].sort();
  for (const source of sources) {
    const scored = pairs.flatMap((p) => {
      const [base, head] = [p.base.sources[source], p.head.sources[source]];
      return base && head ? [{ base: base.bpb, head: head.bpb }] : [];
    });
    if (scored.length !== pairs.length) continue;
    metrics.push(compareMetric(`val_bpb[${source}]`, "bits/byte", "lower", scored));
  }

  // Eval tasks: one row per task scored on every run, then their mean, the task_accuracy metric. A task
  // only one side's suite lists (or a base reused from before its suite had tasks) has no pair to compare.
  const taskNames = [...new Set(pairs.flatMap((p) => Object.keys(p.base.tasks)))].sort();
  const tasks: { name: string; items: number }[] = [];
  const accuracies = pairs.map(() => ({ base: [] as number[], head: [] as number[] }));
  for (const task of taskNames) {
    const scored = pairs.flatMap((p) => {
      const [base, head] = [p.base.tasks[task], p.head.tasks[task]];
      return base && head ? [{ base, head }] : [];
    });
    if (scored.length !== pairs.length) continue;
    tasks.push({ name: task, items: Math.min(...scored.flatMap((s) => [s.base.items, s.head.items])) });
    metrics.push(
      compareMetric(
        `task:${task}`,
        "accuracy",
        "higher",
        scored.map((s) => ({ base: s.base.accuracy, head: s.head.accuracy })),
      ),
    );
    scored.forEach((s, i) => {
      accuracies[i]?.base.push(s.base.accuracy);
      accuracies[i]?.head.push(s.head.accuracy);
    });
  }
  // The mean over the tasks every run scored, not each run's own taskAccuracy: a head whose suite adds a task
  // must not compare its mean over more tasks with the base's mean over fewer.
  if (tasks.length > 0) {
    metrics.push(
      compareMetric(
        "task_accuracy",
        "accuracy",
        "higher",
        accuracies.map((a) => ({ base: mean(a.base), head: mean(a.head) })),
      ),
    );
  }

  const tokensToBaseLoss = pairs.map((p) => ({
    seed: p.seed,
    head: tokensToReach(p.head.metrics, settledLoss(p.base.metrics)),
    base: p.base.metrics.at(-1)?.tokens ?? 0,
  }));

  const lossAtEqualFlops = pairs.map((p) => {
    const baseTokens = p.base.metrics.at(-1)?.tokens ?? 0;
    const equalTokens = (baseTokens * options.model.base.flopsPerToken) / options.model.head.flopsPerToken;
    return {
      seed: p.seed,
      head: lossAtTokens(p.head.metrics, equalTokens),
      base: settledLoss(p.base.metrics),
    };
  });

  const gated = metrics.find((m) => m.name === rule.metric);
  if (!gated) {
    return {
      ...common,
      metrics,
      tasks,
      tokensToBaseLoss,
      lossAtEqualFlops,
      verdict: "FAIL",
      reason: `${rule.metric}: this check does not measure it (its eval suite scored no tasks on every run)`,
    };
  }
  const verdict = applyCheckRule(rule, { base: gated.base, head: gated.head });
  const regression = CHECK_METRIC_DIRECTION[rule.metric] === "lower" ? gated.delta : -gated.delta;
  // Accuracies over the same items often tie exactly: say so rather than "improved by 0".
  const change =
    regression === 0
      ? "did not change"
      : `${regression > 0 ? "regressed" : "improved"} by ${Math.abs(gated.delta).toPrecision(3)}`;
  const reason = `${rule.metric} ${change} (allowed regression ${rule.max_regression})`;
  return { ...common, metrics, tasks, tokensToBaseLoss, lossAtEqualFlops, verdict, reason };
}
