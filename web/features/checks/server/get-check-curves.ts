import "server-only";
import { getPrisma } from "@forge/db";
import { renderLossCurvesSvg } from "@forge/core/experiments/loss-curves-svg";
import { readRunCurves } from "@forge/core/experiments/run-curves";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findCheck } from "./find-check";

/** The check's overlaid loss curves as SVG (the results comment embeds it as an image). */
export async function getCheckCurvesSvg(options: { access: TProjectAccess; checkId: string }) {
  const check = await findCheck(options);
  const runs = await getPrisma().run.findMany({ where: { checkId: check.id }, orderBy: { seed: "asc" } });
  const curves = await readRunCurves(
    getPrisma(),
    runs.map((run) => run.id),
  );
  return renderLossCurvesSvg(
    runs.map((run) => ({
      role: run.role,
      seed: run.seed,
      points: (curves.get(run.id) ?? []).map((p) => ({ tokens: p.tokens, loss: p.loss })),
    })),
  );
}
