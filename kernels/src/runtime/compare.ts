// Result validation for kernel tests (llm.c validate_result): |gpu - ref| <= atol + rtol·|ref|.

export type Tolerance = { atol: number; rtol: number };

export function maxViolation(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
): string | null {
  if (actual.length < expected.length) return `length ${actual.length} < expected ${expected.length}`;
  let worst: string | null = null;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (!(excess <= worstExcess) || Number.isNaN(a) !== Number.isNaN(e)) {
      worstExcess = Number.isFinite(excess) ? excess : Infinity;
      worst = `index ${i}: got ${a}, expected ${e} (atol ${tol.atol}, rtol ${tol.rtol})`;
      if (!Number.isFinite(excess)) break;
    }
  }
  return worst;
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  label: string,
): void {
  const problem = maxViolation(actual, expected, tol);
  if (problem) throw new Error(`${label}: ${problem}`);
}
