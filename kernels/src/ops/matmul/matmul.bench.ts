// Matmul throughput: the 4096³ target (vs cuBLAS fp32) and the training shapes of the 29.7M model.
// checkBench runs every timed variant at the timed shapes themselves (split-K depends on the shape) and
// compares sampled rows of C with the CPU reference, computed once per shape for all its variants.
import { releaseAll, rowsOf, sampledRows, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { matmul, type MatmulConfig, type MatmulVariant } from "./matmul";
import { matmulRef } from "./matmul.ref";
import { V2_DEFAULT, type V2Options } from "./matmul.v2-vec4";

// --sweep also times every v2 option below on every shape (how V2_DEFAULT was chosen; the workgroup
// shapes measured slower and removed are in bench/results/h100-2026-11-22/matmul-sweep-*.txt).
const base = V2_DEFAULT;
export const V2_SWEEP: V2Options[] = [
  { ...base, bk: 8, prefetch: true, pad: false, tm: 128, tn: 128 },
  { ...base, bk: 16, prefetch: true, pad: false, tm: 128, tn: 128 },
  { ...base, bk: 32, prefetch: false, pad: false, tm: 128, tn: 128 },
  { ...base, bk: 16, prefetch: false, pad: false, tm: 128, tn: 128 },
  { ...base, bk: 16, prefetch: false, pad: true, tm: 128, tn: 128 },
  { ...base, bk: 16, prefetch: true, pad: true, tm: 128, tn: 128 },
  { ...base },
  { ...base, splitTarget: 264 },
  { ...base, splitTarget: 528 },
  { ...base, bk: 16, prefetch: true, pad: true, tm: 128, tn: 64 },
  { ...base, bk: 32, prefetch: false, pad: true, tm: 128, tn: 64 },
  { ...base, bk: 16, prefetch: false, pad: true, tm: 64, tn: 128 },
  { ...base, bk: 16, prefetch: false, pad: true, tm: 64, tn: 64 },
  { ...base, bk: 32, prefetch: false, pad: true, tm: 64, tn: 128 },
];

export const v2Name = (o: V2Options) =>
  `${o.tm}x${o.tn}.bk${o.bk}${o.prefetch ? "p" : ""}${o.pad ? "+pad" : ""}${o.splitTarget !== base.splitTarget ? `.w${o.splitTarget}` : ""}`;

type Shape = { name: string; M: number; N: number; K: number; cfg: MatmulConfig };
type Variant = [MatmulVariant | undefined, V2Options | undefined];

function shapesFor(full: boolean): Shape[] {
  const shapes: Array<[string, number, number, number, Partial<MatmulConfig>]> = full
    ? [
        ["A·B", 4096, 4096, 4096, {}],
        ["A·Bᵀ", 4096, 4096, 4096, { transB: true }],
        ["x·Wᵀ+b fc 29.7M", 16384, 2048, 512, { transB: true, bias: true }],
        ["dy·W fc 29.7M", 16384, 512, 2048, {}],
        ["dyᵀ·x dW fc 29.7M", 2048, 512, 16384, { transA: true }],
        ["head x·Wᵀ 29.7M", 16384, 8192, 512, { transB: true }],
        ["x·Wᵀ+b fc 5.9M", 16384, 1024, 256, { transB: true, bias: true }],
        ["dy·W fc2 5.9M", 16384, 1024, 256, {}],
        ["dyᵀ·x dW fc 5.9M", 1024, 256, 16384, { transA: true }],
      ]
    : [["A·B", 256, 256, 256, {}]];
  return shapes.map(([name, M, N, K, flags]) => ({
    name,
    M,
    N,
    K,
    cfg: { transA: false, transB: false, bias: false, accumulate: false, ...flags },
  }));
}

// The 4096³ cases time v1 and v2; training shapes the engine's choice; --sweep adds every v2 option.
function variantsFor(shape: Shape, sweep: boolean): Variant[] {
  const base: Variant[] = shape.name.startsWith("A·B")
    ? [
        ["v1", undefined],
        ["v2", undefined],
      ]
    : [[undefined, undefined]];
  return [...base, ...(sweep ? V2_SWEEP.map((o): Variant => ["v2", o]) : [])];
}

const opName = ([variant, options]: Variant) =>
  `matmul${variant ? `.${variant}` : ""}${options ? `.${v2Name(options)}` : ""}`;
const shapeName = (s: Shape) => `${s.name} ${s.M}x${s.N}x${s.K}`;

function inputs(dev: EngineDevice, s: Shape, rng: Rng) {
  const a = rng.uniformArray(s.M * s.K);
  const b = rng.uniformArray(s.K * s.N);
  const bias = s.cfg.bias ? rng.uniformArray(s.N) : null;
  const t = {
    a: dev.pool.upload(a),
    b: dev.pool.upload(b),
    biasT: bias ? dev.pool.upload(bias) : undefined,
    c: dev.pool.tensor(s.M * s.N),
  };
  const launches = (v: Variant) =>
    matmul(dev, { ...s.cfg, ...t, M: s.M, N: s.N, K: s.K }, "matmul", v[0], v[1]);
  return { a, b, bias, t, launches };
}

export function benchCases(dev: EngineDevice, full: boolean, sweep = false): BenchCase[] {
  const rng = new Rng(1);
  return shapesFor(full).flatMap((s) => {
    const { launches } = inputs(dev, s, rng);
    return variantsFor(s, sweep).map((v) => ({
      op: opName(v),
      shape: shapeName(s),
      dispatches: launches(v),
      flops: 2 * s.M * s.N * s.K,
    }));
  });
}

/** Rows [start, end) of op(A) stored as op(A) is: A's rows, or the columns of a transposed A[K, M]. */
function rowsOfOpA(s: Shape, a: Float32Array, [start, end]: [number, number]): Float32Array {
  if (!s.cfg.transA) return rowsOf(a, s.K, [start, end]);
  const n = end - start;
  const out = new Float32Array(s.K * n);
  for (let k = 0; k < s.K; k++) out.set(a.subarray(k * s.M + start, k * s.M + end), k * n);
  return out;
}

export async function checkBench(dev: EngineDevice, full: boolean, sweep = false): Promise<void> {
  const rng = new Rng(11);
  for (const s of shapesFor(full)) {
    const { a, b, bias, t, launches } = inputs(dev, s, rng);
    const samples = sampledRows(s.M, 4).map((rows) => ({
      rows,
      want: matmulRef(
        s.cfg,
        rowsOfOpA(s, a, rows),
        b,
        bias,
        new Float32Array(0),
        null,
        rows[1] - rows[0],
        s.N,
        s.K,
      ),
    }));
    // fp32 sums of K products drift by ~sqrt(K)·eps; a wrong kernel is off by O(1).
    const tol = { atol: 1e-5 * Math.sqrt(s.K), rtol: 1e-4 };
    for (const v of variantsFor(s, sweep)) {
      await runDispatches(dev, launches(v));
      const c = await readTensor(dev.gpu, t.c);
      for (const { rows, want } of samples)
        expectClose(
          rowsOf(c, s.N, rows),
          want,
          tol,
          `${opName(v)} ${shapeName(s)}: C rows ${rows.join("-")}`,
        );
    }
    releaseAll(dev, [t.a, t.b, t.biasT, t.c]);
  }
}
