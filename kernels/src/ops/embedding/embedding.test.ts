import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { bucketTokens, embeddingForward, embeddingBackward } from "./embedding";
import { embeddingRef, embeddingBackwardRef } from "./embedding.ref";

describe("embedding", () => {
  for (const [B, T, C, vocab, accumulate] of [
    [1, 1, 1, 2, false],
    [3, 5, 33, 7, true],
    [2, 9, 300, 50, false],
  ] as const) {
    it(`B=${B} T=${T} C=${C} vocab=${vocab} accumulate=${accumulate}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(B * T * C);
      const M = B * T;
      const tokens = Uint32Array.from({ length: M }, () => rng.int(vocab));
      const wte = rng.uniformArray(vocab * C);
      const wpe = rng.uniformArray(T * C);
      const dx = rng.uniformArray(M * C);
      const dwte0 = accumulate ? rng.uniformArray(vocab * C) : new Float32Array(vocab * C);
      const X = dev.pool.tensor(M * C);
      const buckets = bucketTokens(tokens, vocab);
      const DWTE = dev.pool.upload(dwte0);
      const DWPE = dev.pool.tensor(T * C);
      await run(dev, [
        embeddingForward(dev, {
          tokens: dev.pool.upload(tokens),
          wte: dev.pool.upload(wte),
          wpe: dev.pool.upload(wpe),
          x: X,
          M,
          C,
          T,
          vocab,
        }),
        ...embeddingBackward(dev, {
          buckets: {
            count: dev.pool.upload(new Uint32Array([buckets.count])),
            unique: dev.pool.upload(buckets.unique),
            starts: dev.pool.upload(buckets.starts),
            positions: dev.pool.upload(buckets.positions),
          },
          dx: dev.pool.upload(dx),
          dwte: DWTE,
          accumulate,
          dwpe: DWPE,
          M,
          C,
          T,
          vocab,
        }),
      ]);
      expectClose(
        await read(dev, X),
        embeddingRef(tokens, wte, wpe, C, T),
        { atol: 1e-6, rtol: 1e-6 },
        "embedding fwd",
      );
      const ref = embeddingBackwardRef(tokens, dx, vocab, C, T);
      const dwte = (await read(dev, DWTE)).map((v, i) => v - dwte0[i]!);
      const dwpe = await read(dev, DWPE);
      expectClose(dwte, ref.dwte, { atol: 1e-5, rtol: 1e-5 }, "embedding dwte");
      expectClose(dwpe, ref.dwpe, { atol: 1e-5, rtol: 1e-5 }, "embedding dwpe");
      checkGradient("embedding dwte", (p) => dotLoss(embeddingRef(tokens, p, wpe, C, T), dx), wte, dwte);
      checkGradient("embedding dwpe", (p) => dotLoss(embeddingRef(tokens, wte, p, C, T), dx), wpe, dwpe);
    });
  }
});
