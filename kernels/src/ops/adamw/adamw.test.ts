import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { adamw, NORM_PARTIALS } from "./adamw";
import { adamwRef } from "./adamw.ref";

describe("adamw", () => {
  for (const [n, clip] of [
    [1, 0],
    [1000, 1.0],
    [70000, 0.5],
  ] as const) {
    it(`n=${n} clip=${clip}, three steps`, async () => {
      const dev = await testDevice();
      const rng = new Rng(n);
      let p = rng.uniformArray(n);
      let m = new Float32Array(n);
      let v = new Float32Array(n);
      const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: clip };
      const decayCount = Math.floor(n / 2);
      const P = dev.pool.upload(p);
      const G = dev.pool.tensor(n);
      const Mt = dev.pool.upload(m);
      const Vt = dev.pool.upload(v);
      const opt = adamw(dev, {
        params: P,
        grads: G,
        m: Mt,
        v: Vt,
        partial: dev.pool.tensor(NORM_PARTIALS),
        decayCount,
        hyper,
      });
      for (let step = 1; step <= 3; step++) {
        const g = rng.uniformArray(n, -2, 2);
        dev.gpu.queue.writeBuffer(G.buffer, 0, g);
        opt.setStep(step, hyper.lr);
        await run(dev, opt.dispatches);
        ({ p, m, v } = adamwRef(p, g, m, v, decayCount, hyper, step));
      }
      expectClose(await read(dev, P), p, { atol: 1e-6, rtol: 1e-5 }, "adamw params");
      expectClose(await read(dev, Mt), m, { atol: 1e-6, rtol: 1e-4 }, "adamw m");
      expectClose(await read(dev, Vt), v, { atol: 1e-7, rtol: 1e-4 }, "adamw v");
    });
  }
});
