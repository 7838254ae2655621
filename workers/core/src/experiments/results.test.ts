import { describe, expect, it } from "vitest";
import { computeCheckResults, tokensToReach, verdictOf, type TResultRun } from "./results";
import { renderResultsComment } from "./results-comment";
import type { TMetricPoint } from "./run-records";

const curve = (losses: number[]): TMetricPoint[] =>
  losses.map((loss, step) => ({ step, tokens: (step + 1) * 100, loss, lr: 1e-3, ms: (step + 1) * 10 }));

function run(role: "BASE" | "HEAD", seed: number, bpb: number, losses: number[]): TResultRun {
  return {
    role,
    seed,
    state: "SUCCEEDED",
    error: null,
    metrics: curve(losses),
    final: {
      steps: losses.length,
      trainLoss: losses.at(-1)!,
      evalLoss: bpb,
      valLoss: bpb * 2,
      valBpb: bpb,
      sources: { books: { loss: bpb * 2, bpb, tokens: 512 } },
    },
    gpuSeconds: 10,
    reusedFromId: null,
    cost: {
      trainSeconds: 8,
      tokens: 400,
      tokensPerSecond: 50,
      peakBytes: 1 << 20,
      flops: 1e9,
      adapter: "cpu",
    },
    profile: [{ kernel: "matmul", ms: role === "HEAD" ? 2 : 1, calls: 4 }],
  };
}

const model = {
  base: { parameters: 1000, flopsPerToken: 6000 },
  head: { parameters: 1200, flopsPerToken: 7200 },
};
const rule = { metric: "val_bpb" as const, max_regression: 0 };

describe("computeCheckResults", () => {
  it("passes a head that is better on every seed, with a paired test and data efficiency", () => {
    const runs = [1, 2, 3].flatMap((seed) => [
      run("BASE", seed, 2.0 + seed * 0.01, [5, 4, 3, 2.5]),
      run("HEAD", seed, 1.9 + seed * 0.01 + (seed === 2 ? 0.002 : 0), [5, 2, 2, 2]),
    ]);
    const results = computeCheckResults({ runs, rule, model });
    expect(results.verdict).toBe("PASS");
    const bpb = results.metrics.find((m) => m.name === "val_bpb")!;
    expect(bpb.delta).toBeCloseTo(-0.1 + 0.002 / 3, 10);
    expect(bpb.pValue).toBeLessThan(0.001);
    expect(bpb.verdict).toBe("better");
    expect(results.metrics.map((m) => m.name)).toEqual(["val_bpb", "val_loss", "val_bpb[books]"]);
    // Base settles at mean(4, 3, 2.5) = 3.17; the head's 3-step running mean (5, 3.5, 3) reaches it at step 2 (300 tokens).
    expect(results.tokensToBaseLoss[0]).toEqual({ seed: 1, head: 300, base: 400 });
    // The head costs 7200/6000 FLOPs per token: the base's 400 tokens buy it 333, i.e. its step at 400 tokens.
    expect(results.lossAtEqualFlops[0]!.head).toBeCloseTo(2, 10);
    expect(results.lossAtEqualFlops[0]!.base).toBeCloseTo((4 + 3 + 2.5) / 3, 10);
    expect(results.profile).toEqual([{ kernel: "matmul", baseMs: 1, headMs: 2 }]);
    expect(results.cost.head.gpuSeconds).toBe(30);
  });

  it("fails a regression beyond the rule and a check with a failed run, naming it", () => {
    const worse = [1, 2].flatMap((seed) => [
      run("BASE", seed, 2.0, [3, 2]),
      run("HEAD", seed, 2.1, [3, 2.2]),
    ]);
    expect(computeCheckResults({ runs: worse, rule, model }).verdict).toBe("FAIL");
    const broken = [
      run("BASE", 1, 2, [3, 2]),
      { ...run("HEAD", 1, 2, [3]), state: "FAILED", error: "boom", final: null },
    ];
    const results = computeCheckResults({ runs: broken, rule, model });
    expect(results.verdict).toBe("FAIL");
    expect(results.reason).toBe("head seed 1 failed: boom");
  });

  it("leaves out a seed whose run was cancelled on its own and compares the others", () => {
    const runs = [1, 2, 3].flatMap((seed) => [
      run("BASE", seed, 2.0 + seed * 0.01, [3, 2]),
      run("HEAD", seed, 1.9 + seed * 0.01, [3, 1.9]),
    ]);
    runs[3] = {
      ...runs[3]!,
      state: "CANCELLED",
      error: "cancelled by @ada",
      final: null,
      gpuSeconds: 4,
      cost: null,
    };
    const results = computeCheckResults({ runs, rule, model });
    expect(results.verdict).toBe("PASS");
    expect(results.seeds).toEqual([1, 3]);
    expect(results.droppedSeeds).toEqual([{ seed: 2, why: "head seed 2 cancelled: cancelled by @ada" }]);
    expect(results.metrics[0]!.delta).toBeCloseTo(-0.1, 10);
    // The cancelled run's GPU-seconds were spent; its missing throughput does not poison the mean.
    expect(results.cost.head).toMatchObject({ gpuSeconds: 24, tokensPerSecond: 50 });
    expect(
      renderResultsComment({
        results,
        headRevision: "a".repeat(64),
        baseRevision: "b".repeat(64),
        curvesUrl: "/c.svg",
        stale: false,
      }),
    ).toContain("Left out: seed 2 (head seed 2 cancelled: cancelled by @ada).");

    const allCancelled = runs.map((r) => (r.role === "HEAD" ? { ...r, state: "CANCELLED" } : r));
    const none = computeCheckResults({ runs: allCancelled, rule, model });
    expect(none.verdict).toBe("FAIL");
    expect(none.seeds).toEqual([]);
    expect(none.reason).toMatch(/^no seed left to compare \(head seed 1 cancelled; /);
  });

  it("compares each eval task's accuracy and their mean, task_accuracy, which the rule can gate on", () => {
    // Base answers 50% / 25% of items on seed s (+1% per seed); the head 6 points better on quiz-cloze.
    const withTasks = (r: TResultRun, quiz: number, wordnet: number): TResultRun => ({
      ...r,
      final: {
        ...r.final!,
        tasks: {
          "quiz-cloze": { accuracy: quiz, accuracyPerToken: quiz, items: 64 },
          "wordnet-definitions": {
            accuracy: wordnet,
            accuracyPerToken: wordnet,
            items: r.seed === 2 ? 63 : 64,
          },
        },
        taskAccuracy: (quiz + wordnet) / 2,
      },
    });
    const runs = [1, 2, 3].flatMap((seed) => [
      withTasks(run("BASE", seed, 2.0, [3, 2]), 0.5 + seed / 100, 0.25 + seed / 100),
      withTasks(
        run("HEAD", seed, 2.0, [3, 2]),
        0.56 + seed / 100 + (seed === 3 ? 0.01 : 0),
        0.25 + seed / 100,
      ),
    ]);
    const gate = { metric: "task_accuracy" as const, max_regression: 0 };
    const results = computeCheckResults({ runs, rule: gate, model });
    expect(results.metrics.map((m) => m.name)).toEqual([
      "val_bpb",
      "val_loss",
      "val_bpb[books]",
      "task:quiz-cloze",
      "task:wordnet-definitions",
      "task_accuracy",
    ]);
    const quiz = results.metrics.find((m) => m.name === "task:quiz-cloze")!;
    expect(quiz).toMatchObject({ unit: "accuracy", direction: "higher", verdict: "better" });
    expect(quiz.base).toBeCloseTo(0.52, 10);
    expect(quiz.delta).toBeCloseTo(0.06 + 0.01 / 3, 10);
    expect(quiz.noiseFloor).toBeCloseTo(0.01, 10);
    expect(results.metrics.find((m) => m.name === "task:wordnet-definitions")).toMatchObject({
      delta: 0,
      verdict: "within noise",
    });
    const mean = results.metrics.find((m) => m.name === "task_accuracy")!;
    expect(mean.delta).toBeCloseTo((0.06 + 0.01 / 3) / 2, 10);
    expect(results.tasks).toEqual([
      { name: "quiz-cloze", items: 64 },
      { name: "wordnet-definitions", items: 63 },
    ]);
    expect(results.verdict).toBe("PASS");
    expect(results.reason).toBe("task_accuracy improved by 0.0317 (allowed regression 0)");

    // Swap the roles: the head is worse, beyond a 0.01 allowance, and fails.
    const swapped = runs.map((r) => ({
      ...r,
      role: r.role === "BASE" ? ("HEAD" as const) : ("BASE" as const),
    }));
    const worse = computeCheckResults({ runs: swapped, rule: { ...gate, max_regression: 0.01 }, model });
    expect(worse.verdict).toBe("FAIL");
    expect(worse.reason).toBe("task_accuracy regressed by 0.0317 (allowed regression 0.01)");

    const body = renderResultsComment({
      results,
      headRevision: "a".repeat(64),
      baseRevision: "b".repeat(64),
      curvesUrl: "/curves.svg",
      stale: false,
    });
    expect(body).toMatch(
      /\| task:quiz-cloze \(accuracy\) \| 0\.5200 \| 0\.5833 \| \+0\.0633 \| \[.*\] \| [0-9.<e-]+ \| 0\.010 \| better \|/,
    );
    expect(body).toMatch(/\| task_accuracy \(accuracy\) \| 0\.3950 \| /);
    expect(body).toContain("quiz-cloze 64 items, wordnet-definitions 63 items.");
  });

  it("averages task_accuracy over the tasks both sides scored", () => {
    const scored = (r: TResultRun, tasks: Record<string, number>): TResultRun => ({
      ...r,
      final: {
        ...r.final!,
        tasks: Object.fromEntries(
          Object.entries(tasks).map(([name, accuracy]) => [
            name,
            { accuracy, accuracyPerToken: accuracy, items: 8 },
          ]),
        ),
      },
    });
    // The head's suite adds wordnet-definitions: only quiz-cloze pairs up.
    const runs = [
      scored(run("BASE", 1, 2.0, [3, 2]), { "quiz-cloze": 0.5 }),
      scored(run("HEAD", 1, 2.0, [3, 2]), { "quiz-cloze": 0.5, "wordnet-definitions": 0.9 }),
    ];
    const results = computeCheckResults({
      runs,
      rule: { metric: "task_accuracy", max_regression: 0 },
      model,
    });
    expect(results.tasks).toEqual([{ name: "quiz-cloze", items: 8 }]);
    expect(results.metrics.find((m) => m.name === "task_accuracy")).toMatchObject({ base: 0.5, head: 0.5 });
    expect(results.reason).toBe("task_accuracy did not change (allowed regression 0)");
  });

  it("cannot gate on task_accuracy when a run scored no tasks, and says why", () => {
    const runs = [run("BASE", 1, 2.0, [3, 2]), run("HEAD", 1, 2.0, [3, 2])];
    runs[1] = {
      ...runs[1]!,
      final: {
        ...runs[1]!.final!,
        tasks: { "quiz-cloze": { accuracy: 0.5, accuracyPerToken: 0.5, items: 8 } },
        taskAccuracy: 0.5,
      },
    };
    const results = computeCheckResults({
      runs,
      rule: { metric: "task_accuracy", max_regression: 0 },
      model,
    });
    expect(results.metrics.map((m) => m.name)).toEqual(["val_bpb", "val_loss", "val_bpb[books]"]);
    expect(results.verdict).toBe("FAIL");
    expect(results.reason).toBe(
      "task_accuracy: this check does not measure it (its eval suite scored no tasks on every run)",
    );
  });

  it("says a gated metric did not change rather than improved by 0", () => {
    const runs = [run("BASE", 1, 2.0, [3, 2]), run("HEAD", 1, 2.0, [3, 2])];
    expect(computeCheckResults({ runs, rule, model }).reason).toBe(
      "val_bpb did not change (allowed regression 0)",
    );
  });

  it("calls differences inside the base's seed-to-seed spread noise", () => {
    expect(verdictOf("lower", -0.01, 0.01, 0.02)).toBe("within noise");
    expect(verdictOf("lower", -0.05, 0.01, 0.02)).toBe("better");
    expect(verdictOf("higher", -0.05, 0.01, 0.02)).toBe("worse");
    expect(verdictOf("lower", -0.05, 0.2, 0.02)).toBe("not significant");
    expect(verdictOf("lower", -0.05, null, null)).toBe("single seed");
  });

  it("tokensToReach returns null when the target is never reached", () => {
    expect(tokensToReach(curve([5, 4, 3]), 1)).toBeNull();
  });

  it("renders a comment with the table, cost and the curves image", () => {
    const runs = [1, 2].flatMap((seed) => [
      run("BASE", seed, 2.0 + seed / 100, [3, 2]),
      run("HEAD", seed, 1.9, [3, 1.9]),
    ]);
    const body = renderResultsComment({
      results: computeCheckResults({ runs, rule, model }),
      headRevision: "a".repeat(64),
      baseRevision: "b".repeat(64),
      curvesUrl: "/api/projects/p/checks/c/curves.svg",
      stale: false,
    });
    expect(body).toContain("PASSED");
    expect(body).toMatch(/\| val_bpb \(bits\/byte\) \| 2\.015 \| 1\.900 \| -0\.115 \|/);
    expect(body).toContain("![Loss curves, base and head, every seed](/api/projects/p/checks/c/curves.svg)");
    expect(body).toContain("| `matmul` | 1.000 | 2.000 |");
    expect(body).toContain("**Loss at equal FLOPs**");
  });
});
