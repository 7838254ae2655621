import { describe, it, expect } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { ssdForward, ssdBackward, allocateScratch, stateLength, type SsdShape } from "./ssd";
import { ssdRef, ssdBackwardRef, ssdInputs, type SsdInputs } from "./ssd.ref";

describe("ssd chunked scan", () => {
  const shapes: SsdShape[] = [
    { B: 2, T: 37, H: 3, P: 8, N: 16, Q: 16 }, // last chunk partial, batch > 1, several heads
    { B: 1, T: 20, H: 1, P: 4, N: 128, Q: 8 }, // one head, d_state 128
    { B: 1, T: 5, H: 5, P: 4, N: 16, Q: 16 }, // sequence shorter than one chunk
    { B: 1, T: 150, H: 2, P: 68, N: 16, Q: 128 }, // chunk and head_dim spanning two 64-wide tiles
    { B: 1, T: 1, H: 1, P: 1, N: 1, Q: 1 },
  ];
  for (const s of shapes) {
    it(`fwd/bwd against the recurrence, finite differences ${JSON.stringify(s)}`, async () => {
      const dev = await testDevice();
      const v = ssdInputs(s, s.T * 7 + s.N);
      const rows = s.B * s.T;
      const dy = new Rng(3).uniformArray(rows * s.H * s.P);
      const t = {
        xbc: dev.pool.upload(v.xbc),
        dt: dev.pool.upload(v.dt),
        A: dev.pool.upload(v.A),
        D: dev.pool.upload(v.D),
        y: dev.pool.tensor(rows * s.H * s.P),
        states: dev.pool.tensor(stateLength(s)),
      };
      const g = {
        dy: dev.pool.upload(dy),
        dxbc: dev.pool.upload(new Float32Array(v.xbc.length).fill(Number.NaN)),
        ddt: dev.pool.tensor(v.dt.length),
        dA: dev.pool.tensor(s.H),
        dD: dev.pool.tensor(s.H),
      };
      const x = allocateScratch((n) => dev.pool.tensor(n), s);
      await run(dev, [...ssdForward(dev, s, t, x), ...ssdBackward(dev, s, t, g, x)]);
      const y = await read(dev, t.y);
      expectClose(y, ssdRef(v, s), { atol: 1e-5, rtol: 1e-4 }, "ssd fwd");
      const ref = ssdBackwardRef(v, dy, s);
      const got = {
        dxbc: await read(dev, g.dxbc),
        ddt: await read(dev, g.ddt),
        dA: await read(dev, g.dA),
        dD: await read(dev, g.dD),
      };
      const tol = { atol: 1e-4, rtol: 1e-3 };
      for (const key of ["dxbc", "ddt", "dA", "dD"] as const)
        expectClose(got[key], ref[key], tol, `ssd ${key}`);
      const loss = (patch: Partial<SsdInputs>) => dotLoss(ssdRef({ ...v, ...patch }, s), dy);
      const fd = { eps: 1e-3, samples: 16 };
      checkGradient("ssd dxbc", (p) => loss({ xbc: p }), v.xbc, got.dxbc, fd);
      checkGradient("ssd ddt", (p) => loss({ dt: p }), v.dt, got.ddt, fd);
      checkGradient("ssd dA", (p) => loss({ A: p }), v.A, got.dA, fd);
      checkGradient("ssd dD", (p) => loss({ D: p }), v.D, got.dD, fd);
    });
  }

  it("any chunk length gives the same output (chunking is exact)", async () => {
    const dev = await testDevice();
    const base: SsdShape = { B: 1, T: 45, H: 2, P: 4, N: 16, Q: 1 };
    const v = ssdInputs(base, 11);
    const outputs: Float32Array[] = [];
    for (const Q of [1, 3, 16, 64]) {
      const s = { ...base, Q };
      const t = {
        xbc: dev.pool.upload(v.xbc),
        dt: dev.pool.upload(v.dt),
        A: dev.pool.upload(v.A),
        D: dev.pool.upload(v.D),
        y: dev.pool.tensor(s.T * s.H * s.P),
        states: dev.pool.tensor(stateLength(s)),
      };
      await run(
        dev,
        ssdForward(
          dev,
          s,
          t,
          allocateScratch((n) => dev.pool.tensor(n), s),
        ),
      );
      outputs.push(await read(dev, t.y));
    }
    for (const y of outputs.slice(1))
      expectClose(y, outputs[0]!, { atol: 1e-5, rtol: 1e-4 }, "chunk lengths");
    expect(outputs).toHaveLength(4);
  });
});
