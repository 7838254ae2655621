import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { swiglu, swigluBackward } from "./swiglu";
import { swigluRef, swigluBackwardRef } from "./swiglu.ref";

describe("swiglu", () => {
  for (const [M, F] of [
    [1, 1],
    [3, 5],
    [17, 70],
  ] as const) {
    it(`forward and backward M=${M} F=${F}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(M * 100 + F);
      const h = rng.uniformArray(2 * M * F, -6, 6);
      const dy = rng.uniformArray(M * F);
      const H = dev.pool.upload(h);
      const Y = dev.pool.tensor(M * F);
      const DH = dev.pool.tensor(2 * M * F);
      await run(dev, [swiglu(dev, H, Y, M, F), swigluBackward(dev, H, dev.pool.upload(dy), DH, M, F)]);
      expectClose(await read(dev, Y), swigluRef(h, M, F), { atol: 1e-6, rtol: 1e-5 }, "swiglu fwd");
      const dh = await read(dev, DH);
      expectClose(dh, swigluBackwardRef(h, dy, M, F), { atol: 1e-6, rtol: 1e-5 }, "swiglu bwd");
      checkGradient("swiglu", (p) => dotLoss(swigluRef(p, M, F), dy), h, dh);
    });
  }
});
