import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import { colsum, partialLength } from "./colsum";
import { colsumRef } from "./colsum.ref";

describe("colsum", () => {
  for (const [M, N] of [
    [1, 1],
    [129, 65],
    [300, 7],
  ] as const) {
    it(`M=${M} N=${N} (rows off the 128 block, cols off the 64 group)`, async () => {
      const dev = await testDevice();
      const x = new Rng(M + N).uniformArray(M * N);
      const out = dev.pool.tensor(N);
      await run(dev, colsum(dev, dev.pool.upload(x), out, dev.pool.tensor(partialLength(M, N)), M, N));
      expectClose(await read(dev, out), colsumRef(x, M, N), { atol: 1e-5, rtol: 1e-5 }, "colsum");
    });
  }
});
