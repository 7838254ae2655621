import { renderLossCurvesSvg, type TCurve } from "@forge/core/experiments/loss-curves-svg";

/** The same SVG the results comment shows, drawn from the live run data (numbers only, no user text). */
export function LossCurves({ curves }: { curves: TCurve[] }) {
  return (
    <div
      data-testid="loss-curves"
      style={{ maxWidth: "100%", overflowX: "auto" }}
      dangerouslySetInnerHTML={{ __html: renderLossCurvesSvg(curves) }}
    />
  );
}
