// A linear layer y = x·Wᵀ + b (W stored [out, in] like PyTorch) as launches: every projection of the
// network, the head included, goes through here. The backward is dW = dyᵀ·x, dx = dy·W (written, not
// added) and db = Σ_rows dy.
import { type Tensor } from "../../runtime/buffers";
import { type Dispatch } from "../../runtime/dispatch";
import { type EngineDevice } from "../../runtime/device";
import { matmul } from "../../ops/matmul/matmul";
import { colsum } from "../../ops/colsum/colsum";

export type LinearWeights = {
  /** Profiler name of the forward; the backward's launches add _dW, _dx and _db. */
  kernel: string;
  w: Tensor;
  dw: Tensor;
  b?: Tensor;
  db?: Tensor;
  out: number;
  in: number;
};

export type Linear = {
  /** y[M, out] = x[M, in]·Wᵀ + b, plus `residual` when given (an output projection writing x + f(x)). */
  forward(x: Tensor, y: Tensor, residual?: Tensor): Dispatch[];
  /** Given dy[M, out]: dW and db written, dx[M, in] written. */
  backward(x: Tensor, dy: Tensor, dx: Tensor): Dispatch[];
};

/** `partial` is the column-sum scratch for db (colsum's partialLength(M, out) floats at least). */
export function linear(dev: EngineDevice, l: LinearWeights, M: number, partial: Tensor): Linear {
  const { out: N, in: K } = l;
  const plain = { bias: false, accumulate: false } as const;
  return {
    forward: (x, y, residual) =>
      matmul(
        dev,
        {
          transA: false,
          transB: true,
          bias: l.b !== undefined,
          accumulate: false,
          residual: residual !== undefined,
          a: x,
          b: l.w,
          biasT: l.b,
          residualT: residual,
          c: y,
          M,
          N,
          K,
        },
        l.kernel,
      ),
    backward(x, dy, dx) {
      const launches = [
        ...matmul(
          dev,
          { ...plain, transA: true, transB: false, a: dy, b: x, c: l.dw, M: N, N: K, K: M },
          `${l.kernel}_dW`,
        ),
        ...matmul(
          dev,
          { ...plain, transA: false, transB: false, a: dy, b: l.w, c: dx, M, N: K, K: N },
          `${l.kernel}_dx`,
        ),
      ];
      if (l.db) launches.push(...colsum(dev, dy, l.db, partial, M, N, false, `${l.kernel}_db`));
      return launches;
    },
  };
}
