import "server-only";
import { getPrisma } from "@forge/db";
import { renderLossCurvesSvg } from "@forge/core/experiments/loss-curves-svg";
import type { TMetricPoint } from "@forge/core/experiments/run-records";
import type { TProjectAccess } from "@/features/projects/server/authorize-project";
import { findCheck } from "./find-check";

/** The check's overlaid loss curves as SVG (the results comment embeds it as an image). */
export async function getCheckCurvesSvg(options: { access: TProjectAccess; checkId: string }) {
  const check = await findCheck(options);
  const runs = await getPrisma().run.findMany({ where: { checkId: check.id }, orderBy: { seed: "asc" } });
  return renderLossCurvesSvg(
    runs.map((run) => ({
      role: run.role,
      seed: run.seed,
      points: (run.metrics as TMetricPoint[]).map((p) => ({ tokens: p.tokens, loss: p.loss })),
    })),
  );
}
