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
    cost: {
      gpuSeconds: 10,
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
