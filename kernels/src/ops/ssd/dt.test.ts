import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { dtForward, dtBackward, partialLength, type DtShape } from "./dt";
import { dtRef, aRef, dtBackwardRef } from "./dt.ref";

describe("ssd dt and A", () => {
  for (const s of [
    { rows: 1, H: 1 },
    { rows: 37, H: 3 },
    { rows: 300, H: 70 }, // rows off the 128-row block, heads off the 64-thread group
  ] as DtShape[]) {
    it(`softplus(dt_raw + dt_bias) and -exp(A_log), fwd/bwd ${JSON.stringify(s)}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(s.rows * 10 + s.H);
      const at = { stride: s.H + 5, offset: 4 };
      const raw = rng.uniformArray(s.rows * s.H, -30, 30); // both softplus branches and its far tail
      const bias = rng.uniformArray(s.H, -3, 1);
      const Alog = rng.uniformArray(s.H, 0, 2.7);
      const ddt = rng.uniformArray(s.rows * s.H);
      const dA = rng.uniformArray(s.H);
      const strided = new Float32Array(s.rows * at.stride).fill(50);
      raw.forEach((v, i) => (strided[Math.floor(i / s.H) * at.stride + at.offset + (i % s.H)] = v));
      const t = {
        raw: dev.pool.upload(strided),
        bias: dev.pool.upload(bias),
        Alog: dev.pool.upload(Alog),
        dt: dev.pool.tensor(s.rows * s.H),
        A: dev.pool.tensor(s.H),
      };
      const g = {
        ddt: dev.pool.upload(ddt),
        dA: dev.pool.upload(dA),
        draw: dev.pool.upload(new Float32Array(strided.length).fill(9)),
        dbias: dev.pool.tensor(s.H),
        dAlog: dev.pool.tensor(s.H),
        partial: dev.pool.tensor(partialLength(s)),
      };
      await run(dev, [dtForward(dev, s, at, t), ...dtBackward(dev, s, at, t, g)]);
      expectClose(await read(dev, t.dt), dtRef(raw, bias, s.H), { atol: 0, rtol: 1e-5 }, "dt fwd");
      expectClose(await read(dev, t.A), aRef(Alog), { atol: 0, rtol: 1e-6 }, "A fwd");
      const ref = dtBackwardRef(raw, bias, Alog, ddt, dA, s.H);
      const drawAll = await read(dev, g.draw);
      const draw = raw.map((_, i) => drawAll[Math.floor(i / s.H) * at.stride + at.offset + (i % s.H)]!);
      const untouched = drawAll.filter(
        (_, i) => i % at.stride < at.offset || i % at.stride >= at.offset + s.H,
      );
      expectClose(
        untouched,
        new Float32Array(untouched.length).fill(9),
        { atol: 0, rtol: 0 },
        "draw columns",
      );
      const dbias = await read(dev, g.dbias);
      const dAlog = await read(dev, g.dAlog);
      const tol = { atol: 1e-6, rtol: 1e-4 };
      expectClose(draw, ref.draw, tol, "ddt_raw");
      expectClose(dbias, ref.dbias, tol, "ddt_bias");
      expectClose(dAlog, ref.dAlog, tol, "dA_log");
      const fd = { eps: 1e-3 };
      checkGradient("ddt_raw", (p) => dotLoss(dtRef(p, bias, s.H), ddt), raw, draw, fd);
      checkGradient("ddt_bias", (p) => dotLoss(dtRef(raw, p, s.H), ddt), bias, dbias, fd);
      checkGradient("dA_log", (p) => dotLoss(aRef(p), dA), Alog, dAlog, fd);
    });
  }
});
