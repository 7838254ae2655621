import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { conv1dForward, conv1dBackward, partialLengths, type Conv1dShape } from "./conv1d";
import { conv1dRef, conv1dBackwardRef } from "./conv1d.ref";

/** x[B·T, C] placed at columns [offset, offset + C) of rows `stride` wide, the rest filled with `fill`. */
function embed(x: Float32Array, rows: number, C: number, stride: number, offset: number, fill: number) {
  const out = new Float32Array(rows * stride).fill(fill);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * C, (r + 1) * C), r * stride + offset);
  return out;
}
function extract(x: Float32Array, rows: number, C: number, stride: number, offset: number) {
  const out = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * stride + offset, r * stride + offset + C), r * C);
  return out;
}

describe("conv1d", () => {
  const shapes: Conv1dShape[] = [
    { B: 2, T: 7, C: 5, K: 4 },
    { B: 1, T: 3, C: 70, K: 4 }, // T shorter than the kernel, C off the 64-thread group
    { B: 3, T: 50, C: 3, K: 2 }, // B·T off the 128-row partial block
    { B: 1, T: 1, C: 1, K: 1 },
  ];
  for (const s of shapes) {
    it(`fwd/bwd through a strided input ${JSON.stringify(s)}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(s.B * 1000 + s.T * 10 + s.C);
      const rows = s.B * s.T;
      const at = { stride: s.C + 3, offset: 2 };
      const x = rng.uniformArray(rows * s.C, -3, 3);
      const w = rng.uniformArray(s.C * s.K, -1, 1);
      const bias = rng.uniformArray(s.C, -0.5, 0.5);
      const dy = rng.uniformArray(rows * s.C);
      const t = {
        x: dev.pool.upload(embed(x, rows, s.C, at.stride, at.offset, 100)),
        w: dev.pool.upload(w),
        bias: dev.pool.upload(bias),
        y: dev.pool.tensor(rows * s.C),
      };
      const partials = partialLengths(s);
      const g = {
        dy: dev.pool.upload(dy),
        dx: dev.pool.upload(new Float32Array(rows * at.stride).fill(7)),
        dw: dev.pool.tensor(s.C * s.K),
        dbias: dev.pool.tensor(s.C),
        dpre: dev.pool.tensor(rows * s.C),
        partialW: dev.pool.tensor(partials.w),
        partialBias: dev.pool.tensor(partials.bias),
      };
      await run(dev, [conv1dForward(dev, s, at, t), ...conv1dBackward(dev, s, at, t, g)]);
      expectClose(await read(dev, t.y), conv1dRef(x, w, bias, s), { atol: 1e-6, rtol: 1e-5 }, "conv1d fwd");
      const ref = conv1dBackwardRef(x, w, bias, dy, s);
      const dxAll = await read(dev, g.dx);
      const others = dxAll.filter((_, i) => i % at.stride < at.offset || i % at.stride >= at.offset + s.C);
      expectClose(others, new Float32Array(others.length).fill(7), { atol: 0, rtol: 0 }, "conv1d dx columns");
      const dx = extract(dxAll, rows, s.C, at.stride, at.offset);
      const dw = await read(dev, g.dw);
      const dbias = await read(dev, g.dbias);
      const tol = { atol: 1e-5, rtol: 1e-4 };
      expectClose(dx, ref.dx, tol, "conv1d dx");
      expectClose(dw, ref.dw, tol, "conv1d dw");
      expectClose(dbias, ref.dbias, tol, "conv1d dbias");
      checkGradient("conv1d dx", (p) => dotLoss(conv1dRef(p, w, bias, s), dy), x, dx, { eps: 1e-3 });
      checkGradient("conv1d dw", (p) => dotLoss(conv1dRef(x, p, bias, s), dy), w, dw, { eps: 1e-3 });
      checkGradient("conv1d dbias", (p) => dotLoss(conv1dRef(x, w, p, s), dy), bias, dbias, { eps: 1e-3 });
    });
  }
});
