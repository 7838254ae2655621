// LayerNorm / RMSNorm forward and backward at the 29.7M training shape (bytes: one read per input, one write per output).
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { Rng } from "../../runtime/random";
import { normForward, normBackward, partialLength, type NormKind } from "./norm";

export function benchCases(dev: EngineDevice, full: boolean): BenchCase[] {
  const [M, C] = full ? [16384, 512] : [64, 32];
  const rng = new Rng(3);
  return (["layernorm", "rmsnorm"] as NormKind[]).flatMap((kind) => {
    const ln = kind === "layernorm";
    const t = {
      x: dev.pool.upload(rng.uniformArray(M * C)),
      w: dev.pool.upload(rng.uniformArray(C)),
      b: ln ? dev.pool.upload(rng.uniformArray(C)) : undefined,
      y: dev.pool.tensor(M * C),
      mean: dev.pool.tensor(M),
      rstd: dev.pool.tensor(M),
    };
    const g = {
      dy: dev.pool.upload(rng.uniformArray(M * C)),
      dx: dev.pool.tensor(M * C),
      accumulate: true,
      dw: dev.pool.tensor(C),
      db: ln ? dev.pool.tensor(C) : undefined,
      partialW: dev.pool.tensor(partialLength(M, C)),
      partialB: ln ? dev.pool.tensor(partialLength(M, C)) : undefined,
    };
    return [
      {
        op: `${kind}_fwd`,
        shape: `${M}x${C}`,
        dispatches: [normForward(dev, kind, t, M, C)],
        bytes: 2 * 4 * M * C,
      },
      {
        op: `${kind}_bwd`,
        shape: `${M}x${C}`,
        dispatches: normBackward(dev, kind, t, g, M, C),
        bytes: 4 * 4 * M * C,
      },
    ];
  });
}
