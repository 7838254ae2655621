import { describe, expect, it } from "vitest";
import { pairedTTest, regularizedBeta, sampleStd, studentTCdf, studentTQuantile } from "./statistics";

describe("Student t distribution", () => {
  it("matches closed forms: Cauchy at df 1, the df-2 formula", () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 12);
    expect(studentTCdf(2, 2)).toBeCloseTo(0.5 + 2 / (2 * Math.sqrt(6)), 12);
    expect(studentTCdf(0, 9)).toBeCloseTo(0.5, 14);
  });

  it("matches published values (scipy.stats.t)", () => {
    expect(studentTCdf(-3.5, 7)).toBeCloseTo(0.0049965204409427744, 10);
    expect(studentTCdf(2.228138852, 10)).toBeCloseTo(0.975, 8);
    const table: [number, number][] = [
      [1, 12.70620474],
      [2, 4.30265273],
      [4, 2.77644511],
      [30, 2.04227246],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.77644511, 6);
  });

  it("incomplete beta agrees with I_x(a, 1) = x^a and symmetry", () => {
    expect(regularizedBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
    expect(regularizedBeta(0.7, 3, 4.5) + regularizedBeta(0.3, 4.5, 3)).toBeCloseTo(1, 12);
  });
});

describe("pairedTTest", () => {
  it("matches scipy.stats.ttest_rel", () => {
    const result = pairedTTest([1, 2, 3, 4], [1.1, 2.3, 3.2, 4.4]);
    expect(result.delta).toBeCloseTo(0.25, 12);
    expect(result.pValue).toBeCloseTo(0.03046629166217096, 9);
    const se = sampleStd([0.1, 0.3, 0.2, 0.4]) / 2;
    expect(result.ci95![0]).toBeCloseTo(0.25 - 3.18244631 * se, 6);
    expect(result.ci95![1]).toBeCloseTo(0.25 + 3.18244631 * se, 6);
  });

  it("has no interval or p-value for a single pair and rejects unpaired samples", () => {
    expect(pairedTTest([1], [2])).toEqual({ n: 1, delta: 1, ci95: null, pValue: null });
    expect(() => pairedTTest([1, 2], [1])).toThrow(/unpaired/);
  });
});
