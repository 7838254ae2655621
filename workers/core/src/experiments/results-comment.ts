// The results comment a finished check posts into the proposal's thread (markdown; the thread sanitises it).
import type { TCheckResults, TMetricResult } from "./results";

const num = (x: number, digits = 4) => (Number.isFinite(x) ? x.toPrecision(digits) : String(x));
const signed = (x: number) => (x > 0 ? "+" : "") + num(x, 3);
const pValue = (p: number | null) => (p === null ? "n/a" : p < 1e-4 ? "<1e-4" : p.toFixed(4));
const ci = (m: TMetricResult) => (m.ci95 ? `[${signed(m.ci95[0])}, ${signed(m.ci95[1])}]` : "n/a");
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const tokens = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : `${n}`;

export function renderResultsComment(options: {
  results: TCheckResults;
  headRevision: string;
  baseRevision: string;
  curvesUrl: string;
  stale: boolean;
}): string {
  const { results: r } = options;
  const lines: string[] = [];
  const badge = r.verdict === "PASS" ? "✅ PASSED" : "❌ FAILED";
  lines.push(
    `### Training check ${badge}`,
    "",
    `Head \`${options.headRevision.slice(0, 12)}\` vs base \`${options.baseRevision.slice(0, 12)}\`, seeds ${r.seeds.join(", ") || "none"}. ` +
      `Rule: \`${r.rule.metric}\` may regress by at most ${r.rule.max_regression}. ${r.reason}.`,
  );
  if (r.droppedSeeds && r.droppedSeeds.length > 0)
    lines.push("", `Left out: ${r.droppedSeeds.map((d) => `seed ${d.seed} (${d.why})`).join(", ")}.`);
  if (options.stale)
    lines.push("", "_main moved while this check ran: these results are stale; re-run the checks._");
  if (r.metrics.length > 0) {
    lines.push(
      "",
      "| metric | base | head | Δ (head − base) | 95% CI | p | noise floor | verdict |",
      "|---|---:|---:|---:|---|---:|---:|---|",
      ...r.metrics.map(
        (m) =>
          `| ${m.name} (${m.unit}) | ${num(m.base)} | ${num(m.head)} | ${signed(m.delta)} | ${ci(m)} | ${pValue(m.pValue)} | ${m.noiseFloor === null ? "n/a" : num(m.noiseFloor, 2)} | ${m.verdict} |`,
      ),
    );
  }
  if (r.tasks && r.tasks.length > 0) {
    lines.push(
      "",
      "**Eval tasks** (accuracy: the share of multiple-choice items where the model finds the right answer most " +
        "likely; higher is better; `task_accuracy` is the mean over tasks): " +
        r.tasks.map((t) => `${t.name} ${t.items} items`).join(", ") +
        ".",
    );
  }
  if (r.tokensToBaseLoss.length > 0) {
    lines.push(
      "",
      "**Data efficiency** (tokens the head needs to reach the base's final training loss): " +
        r.tokensToBaseLoss
          .map(
            (t) => `seed ${t.seed}: ${t.head === null ? "not reached" : tokens(t.head)} of ${tokens(t.base)}`,
          )
          .join("; ") +
        ".",
    );
  }
  if (r.lossAtEqualFlops.length > 0) {
    lines.push(
      "",
      "**Loss at equal FLOPs** (training loss once the head has spent the base run's FLOPs): " +
        r.lossAtEqualFlops
          .map(
            (l) =>
              `seed ${l.seed}: head ${l.head === null ? "ran out of budget first" : num(l.head)} vs base ${num(l.base)}`,
          )
          .join("; ") +
        ".",
    );
  }
  lines.push(
    "",
    "| | parameters | FLOPs/token (train) | tokens/s | GPU-seconds | peak memory |",
    "|---|---:|---:|---:|---:|---:|",
    ...(["base", "head"] as const).map((side) => {
      const c = r.cost[side];
      const reused =
        c.reusedRuns > 0 ? ` (${c.reusedRuns} ${c.reusedRuns === 1 ? "run" : "runs"} reused from cache)` : "";
      return `| ${side} | ${r.model[side].parameters.toLocaleString("en-US")} | ${num(r.model[side].flopsPerToken, 3)} | ${Math.round(c.tokensPerSecond).toLocaleString("en-US")} | ${c.gpuSeconds.toFixed(1)}${reused} | ${mib(c.peakBytes)} |`;
    }),
  );
  if (r.profile.length > 0) {
    lines.push(
      "",
      "**Per-kernel GPU time per training step** (slowest first)",
      "",
      "| kernel | base ms | head ms |",
      "|---|---:|---:|",
      ...r.profile
        .slice(0, 12)
        .map((k) => `| \`${k.kernel}\` | ${k.baseMs.toFixed(3)} | ${k.headMs.toFixed(3)} |`),
    );
  }
  lines.push("", `![Loss curves, base and head, every seed](${options.curvesUrl})`);
  return lines.join("\n");
}
