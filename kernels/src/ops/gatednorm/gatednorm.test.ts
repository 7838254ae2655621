import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { gatedNormForward, gatedNormBackward, partialLength, type GatedNormShape } from "./gatednorm";
import { gatedNormRef, gatedNormBackwardRef } from "./gatednorm.ref";

describe("gated rmsnorm", () => {
  for (const s of [
    { M: 1, C: 3 },
    { M: 5, C: 130 }, // C off the 128-thread row group
    { M: 131, C: 24 }, // M off the 128-row partial block
  ] as GatedNormShape[]) {
    it(`rmsnorm(y * silu(z)) * w, fwd/bwd and finite differences ${JSON.stringify(s)}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(s.M * 1000 + s.C);
      const n = s.M * s.C;
      const zAt = { stride: s.C + 7, offset: 3 };
      const y = rng.uniformArray(n, -3, 3);
      const z = rng.uniformArray(n, -6, 6);
      const w = rng.uniformArray(s.C, 0.5, 1.5);
      const dout = rng.uniformArray(n);
      const zStrided = new Float32Array(s.M * zAt.stride).fill(40);
      z.forEach((v, i) => (zStrided[Math.floor(i / s.C) * zAt.stride + zAt.offset + (i % s.C)] = v));
      const t = {
        y: dev.pool.upload(y),
        z: dev.pool.upload(zStrided),
        w: dev.pool.upload(w),
        out: dev.pool.tensor(n),
        rstd: dev.pool.tensor(s.M),
      };
      const g = {
        dout: dev.pool.upload(dout),
        dy: dev.pool.tensor(n),
        dz: dev.pool.upload(new Float32Array(zStrided.length).fill(5)),
        dw: dev.pool.tensor(s.C),
        partialW: dev.pool.tensor(partialLength(s)),
      };
      await run(dev, [gatedNormForward(dev, s, zAt, t), ...gatedNormBackward(dev, s, zAt, t, g)]);
      expectClose(await read(dev, t.out), gatedNormRef(y, z, w, s.M, s.C), { atol: 1e-5, rtol: 1e-4 }, "fwd");
      const ref = gatedNormBackwardRef(y, z, w, dout, s.M, s.C);
      const dzAll = await read(dev, g.dz);
      const dz = z.map((_, i) => dzAll[Math.floor(i / s.C) * zAt.stride + zAt.offset + (i % s.C)]!);
      const others = dzAll.filter(
        (_, i) => i % zAt.stride < zAt.offset || i % zAt.stride >= zAt.offset + s.C,
      );
      expectClose(others, new Float32Array(others.length).fill(5), { atol: 0, rtol: 0 }, "dz columns");
      const dy = await read(dev, g.dy);
      const dw = await read(dev, g.dw);
      const tol = { atol: 1e-4, rtol: 1e-3 };
      expectClose(dy, ref.dy, tol, "dy");
      expectClose(dz, ref.dz, tol, "dz");
      expectClose(dw, ref.dw, tol, "dw");
      const fd = { eps: 1e-3 };
      checkGradient("dy", (p) => dotLoss(gatedNormRef(p, z, w, s.M, s.C), dout), y, dy, fd);
      checkGradient("dz", (p) => dotLoss(gatedNormRef(y, p, w, s.M, s.C), dout), z, dz, fd);
      checkGradient("dw", (p) => dotLoss(gatedNormRef(y, z, p, s.M, s.C), dout), w, dw, fd);
    });
  }
});
