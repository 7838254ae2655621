// Matmul throughput: the 4096³ target (vs cuBLAS fp32) and the training shapes of the 29.7M model.
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { matmul, type MatmulConfig, type MatmulVariant } from "./matmul";
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

export function benchCases(dev: EngineDevice, full: boolean, sweep = false): BenchCase[] {
  const rng = new Rng(1);
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
  return shapes
    .map(([name, M, N, K, flags]) => {
      const cfg: MatmulConfig = { transA: false, transB: false, bias: false, accumulate: false, ...flags };
      const a = dev.pool.upload(rng.uniformArray(M * K));
      const b = dev.pool.upload(rng.uniformArray(K * N));
      const biasT = cfg.bias ? dev.pool.upload(rng.uniformArray(N)) : undefined;
      const c = dev.pool.tensor(M * N);
      // The 4096³ cases time v1 and v2; training shapes the engine's choice; --sweep adds every v2 option.
      const base: Array<[MatmulVariant | undefined, V2Options | undefined]> = name.startsWith("A·B")
        ? [
            ["v1", undefined],
            ["v2", undefined],
          ]
        : [[undefined, undefined]];
      const variants = [
        ...base,
        ...(sweep ? V2_SWEEP.map((o): [MatmulVariant, V2Options] => ["v2", o]) : []),
      ];
      return variants.map(([variant, options]) => ({
        op: `matmul${variant ? `.${variant}` : ""}${options ? `.${v2Name(options)}` : ""}`,
        shape: `${name} ${M}x${N}x${K}`,
        dispatches: matmul(dev, { ...cfg, a, b, biasT, c, M, N, K }, "matmul", variant, options),
        flops: 2 * M * N * K,
      }));
    })
    .flat();
}
