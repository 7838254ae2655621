import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient, dotLoss } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { attentionForward, attentionBackward, type AttentionShape, type AttentionVariant } from "./attention";
import { rope } from "./rope";
import { attentionRef, attentionBackwardRef, ropeRef } from "./attention.ref";

describe("attention", () => {
  const shapes: AttentionShape[] = [
    { B: 1, T: 1, Hq: 1, Hkv: 1, D: 8 },
    { B: 2, T: 37, Hq: 4, Hkv: 2, D: 8 }, // T off the 64-row and 32-key tiles, grouped KV
    { B: 1, T: 70, Hq: 3, Hkv: 1, D: 16 },
  ];
  const cases = [...shapes.map((s) => [s, "v1"] as const), ...shapes.map((s) => [s, "v2"] as const)];
  for (const [s, variant] of cases as Array<readonly [AttentionShape, AttentionVariant]>) {
    it(`${variant} rope + flash attention fwd/bwd ${JSON.stringify(s)}`, async () => {
      const dev = await testDevice();
      const rng = new Rng(s.T * 31 + s.D);
      const W = (s.Hq + 2 * s.Hkv) * s.D;
      const raw = rng.uniformArray(s.B * s.T * W, -2, 2);
      const dO = rng.uniformArray(s.B * s.T * s.Hq * s.D);
      const QKV = dev.pool.upload(raw);
      const O = dev.pool.tensor(s.B * s.T * s.Hq * s.D);
      const LSE = dev.pool.tensor(s.B * s.Hq * s.T);
      const DQKV = dev.pool.tensor(raw.length);
      await run(dev, [
        rope(dev, QKV, s, false),
        attentionForward(dev, s, { qkv: QKV, o: O, lse: LSE }, undefined, variant),
        ...attentionBackward(
          dev,
          s,
          {
            qkv: QKV,
            o: O,
            dO: dev.pool.upload(dO),
            lse: LSE,
            delta: dev.pool.tensor(s.B * s.Hq * s.T),
            dqkv: DQKV,
          },
          undefined,
          variant,
        ),
        rope(dev, DQKV, s, true),
      ]);
      const roped = ropeRef(raw, s);
      expectClose(await read(dev, QKV), roped, { atol: 1e-5, rtol: 1e-5 }, "rope fwd");
      expectClose(await read(dev, O), attentionRef(roped, s), { atol: 1e-5, rtol: 1e-4 }, "attention fwd");
      const dRoped = attentionBackwardRef(roped, dO, s);
      const dRaw = ropeRef(dRoped, s, true);
      const got = await read(dev, DQKV);
      expectClose(got, dRaw, { atol: 1e-4, rtol: 1e-3 }, "attention + rope bwd");
      checkGradient("attention", (p) => dotLoss(attentionRef(ropeRef(p, s), s), dO), raw, got, {
        eps: 1e-3,
        samples: 16,
      });
    });
  }
});
