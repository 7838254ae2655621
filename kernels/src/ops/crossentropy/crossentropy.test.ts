import { describe, expect, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { crossEntropy } from "./crossentropy";
import { crossEntropyRef } from "./crossentropy.ref";

describe("crossentropy", () => {
  it("dbg: uniform logits give log(V)", async () => {
    const dev = await testDevice();
    const mean = dev.pool.tensor(1);
    await run(
      dev,
      crossEntropy(dev, {
        logits: dev.pool.upload(new Float32Array(8)),
        targets: dev.pool.upload(new Uint32Array([3, 0])),
        losses: dev.pool.tensor(2),
        meanOut: mean,
        M: 2,
        V: 4,
        writeGrad: false,
      }),
    );
    expect((await read(dev, mean))[0]).toBeCloseTo(Math.log(4), 6);
  });

  for (const [M, V, range] of [
    [1, 1, 1],
    [3, 300, 5],
    [40, 1000, 30],
  ] as const) {
    it(`M=${M} V=${V} logits in ±${range}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(M * V);
      const logits = rng.uniformArray(M * V, -range, range);
      const targets = Uint32Array.from({ length: M }, () => rng.int(V));
      const L = dev.pool.upload(logits);
      const losses = dev.pool.tensor(M);
      const mean = dev.pool.tensor(1);
      await run(
        dev,
        crossEntropy(dev, {
          logits: L,
          targets: dev.pool.upload(targets),
          losses,
          meanOut: mean,
          M,
          V,
          writeGrad: true,
        }),
      );
      const ref = crossEntropyRef(logits, targets, M, V);
      expectClose(await read(dev, losses), ref.losses, { atol: 1e-5, rtol: 1e-5 }, "ce losses");
      expectClose(await read(dev, mean), [ref.mean], { atol: 1e-5, rtol: 1e-5 }, "ce mean");
      const grad = await read(dev, L);
      expectClose(grad, ref.dlogits, { atol: 1e-7, rtol: 1e-4 }, "ce dlogits");
      checkGradient("ce", (p) => crossEntropyRef(p, targets, M, V).mean, logits, grad, {
        eps: 1e-3,
        tol: { atol: 1e-4, rtol: 1e-2 },
      });
    });
  }
});
