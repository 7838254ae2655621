import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { gelu } from "./gelu";
import { geluRef, geluBackwardRef } from "./gelu.ref";

describe("gelu", () => {
  it("dbg: fixed values", async () => {
    const dev = await testDevice();
    const x = new Float32Array([-3, -1, -0.5, 0, 0.5, 1, 3, 10]);
    const out = dev.pool.tensor(x.length);
    await run(dev, gelu(dev, dev.pool.upload(x), out, x.length));
    expectClose(await read(dev, out), geluRef(x), { atol: 1e-6, rtol: 1e-6 }, "gelu dbg");
  });

  for (const n of [1, 257, 1000]) {
    it(`forward and backward, n=${n} incl. extreme range`, async () => {
      const dev = await testDevice();
      const rng = new Rng(n);
      const x = rng.uniformArray(n, -8, 8);
      const dy = rng.uniformArray(n);
      const X = dev.pool.upload(x);
      const Y = dev.pool.tensor(n);
      const DX = dev.pool.tensor(n);
      await run(dev, [gelu(dev, X, Y, n), gelu(dev, X, DX, n, dev.pool.upload(dy))]);
      expectClose(await read(dev, Y), geluRef(x), { atol: 1e-6, rtol: 1e-5 }, "gelu fwd");
      const dx = await read(dev, DX);
      expectClose(dx, geluBackwardRef(x, dy), { atol: 1e-6, rtol: 1e-5 }, "gelu bwd");
      checkGradient("gelu", (p) => dotLoss(geluRef(p), dy), x, dx);
    });
  }
});
