import { describe, it } from "vitest";
import { testDevice, run, read } from "../../runtime/testing";
import { expectClose } from "../../runtime/compare";
import { checkGradient } from "../../runtime/gradcheck";
import { Rng } from "../../runtime/random";
import { normForward, normBackward, partialLength, type NormKind } from "./norm";
import { normRef, normBackwardRef, normLossRef } from "./norm.ref";

describe("norm", () => {
  for (const kind of ["layernorm", "rmsnorm"] as NormKind[]) {
    for (const [M, C] of [
      [1, 3],
      [5, 130],
      [131, 24],
    ] as const) {
      it(`${kind} M=${M} C=${C} forward, backward, finite differences`, async () => {
        const dev = await testDevice();
        const rng = new Rng(M * 1000 + C);
        const x = rng.uniformArray(M * C, -3, 3).map((v, i) => v + (i % C === 0 ? 20 : 0)); // an offset column
        const w = rng.uniformArray(C, 0.5, 1.5);
        const b = kind === "layernorm" ? rng.uniformArray(C) : null;
        const dy = rng.uniformArray(M * C);
        const dx0 = rng.uniformArray(M * C);
        const t = {
          x: dev.pool.upload(x),
          w: dev.pool.upload(w),
          b: b ? dev.pool.upload(b) : undefined,
          y: dev.pool.tensor(M * C),
          mean: dev.pool.tensor(M),
          rstd: dev.pool.tensor(M),
        };
        const g = {
          dy: dev.pool.upload(dy),
          dx: dev.pool.upload(dx0),
          accumulate: true,
          dw: dev.pool.tensor(C),
          db: b ? dev.pool.tensor(C) : undefined,
          partialW: dev.pool.tensor(partialLength(M, C)),
          partialB: b ? dev.pool.tensor(partialLength(M, C)) : undefined,
        };
        await run(dev, [normForward(dev, kind, t, M, C), ...normBackward(dev, kind, t, g, M, C)]);
        expectClose(
          await read(dev, t.y),
          normRef(kind, x, w, b, M, C),
          { atol: 1e-5, rtol: 1e-4 },
          `${kind} fwd`,
        );
        const ref = normBackwardRef(kind, x, w, dy, M, C);
        const dx = (await read(dev, g.dx)).map((v, i) => v - dx0[i]!);
        const tol = { atol: 1e-4, rtol: 1e-3 };
        expectClose(dx, ref.dx, tol, `${kind} dx`);
        const dw = await read(dev, g.dw);
        expectClose(dw, ref.dw, tol, `${kind} dw`);
        checkGradient(`${kind} dx`, (p) => normLossRef(kind, p, w, b, dy, M, C), x, dx, { eps: 1e-3 });
        checkGradient(`${kind} dw`, (p) => normLossRef(kind, x, p, b, dy, M, C), w, dw);
        if (b && g.db) {
          const db = await read(dev, g.db);
          expectClose(db, ref.db, tol, `${kind} db`);
          checkGradient(`${kind} db`, (p) => normLossRef(kind, x, w, p, dy, M, C), b, db);
        }
      });
    }
  }
});
