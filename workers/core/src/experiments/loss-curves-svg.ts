// Overlaid training-loss curves of a check's runs as a self-contained SVG: base runs in blue, head runs in
// orange, one line per seed (dash pattern by seed). Used by the results comment (served as an image) and by
// the live checks panel, so the thread and the page draw the same picture.

export type TCurve = { role: "BASE" | "HEAD"; seed: number; points: { tokens: number; loss: number }[] };

const WIDTH = 640;
const HEIGHT = 280;
const PAD = { left: 52, right: 16, top: 16, bottom: 36 };
const COLOR = { BASE: "#2563eb", HEAD: "#ea580c" } as const;
const DASHES = ["", "6 3", "2 3", "8 3 2 3"];

/** Token counts on the x axis: 0, 850, 33k, 1.2M. */
export const formatTokens = (x: number) =>
  Math.abs(x) >= 1e6
    ? `${(x / 1e6).toFixed(1)}M`
    : Math.abs(x) >= 1e3
      ? `${(x / 1e3).toFixed(0)}k`
      : String(Math.round(x));

function ticks(lo: number, hi: number, count: number): number[] {
  if (hi <= lo) return [lo];
  return Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
}

export function renderLossCurvesSvg(curves: TCurve[]): string {
  const points = curves.flatMap((c) => c.points).filter((p) => Number.isFinite(p.loss));
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="11" role="img" aria-label="loss curves">`;
  if (points.length === 0) {
    return `${open}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#6b7280">no steps yet</text></svg>`;
  }
  const maxTokens = Math.max(...points.map((p) => p.tokens));
  const minLoss = Math.min(...points.map((p) => p.loss));
  const maxLoss = Math.max(...points.map((p) => p.loss));
  const lossSpan = maxLoss - minLoss || 1;
  const x = (tokens: number) => PAD.left + (tokens / (maxTokens || 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (loss: number) => PAD.top + ((maxLoss - loss) / lossSpan) * (HEIGHT - PAD.top - PAD.bottom);

  const parts: string[] = [open, `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`];
  for (const value of ticks(minLoss, maxLoss, 4)) {
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e7eb"/>`,
      `<text x="${PAD.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" fill="#6b7280">${value.toFixed(2)}</text>`,
    );
  }
  for (const value of ticks(0, maxTokens, 4)) {
    parts.push(
      `<text x="${x(value).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" fill="#6b7280">${formatTokens(value)}</text>`,
    );
  }
  parts.push(
    `<text x="${(WIDTH + PAD.left) / 2}" y="${HEIGHT - 4}" text-anchor="middle" fill="#374151">tokens</text>`,
    `<text x="12" y="${HEIGHT / 2}" text-anchor="middle" fill="#374151" transform="rotate(-90 12 ${HEIGHT / 2})">train loss</text>`,
  );
  const seeds = [...new Set(curves.map((c) => c.seed))].sort((a, b) => a - b);
  for (const curve of curves) {
    const finite = curve.points.filter((p) => Number.isFinite(p.loss));
    if (finite.length === 0) continue;
    const d = finite
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.tokens).toFixed(1)},${y(p.loss).toFixed(1)}`)
      .join("");
    const dash = DASHES[seeds.indexOf(curve.seed) % DASHES.length];
    parts.push(
      `<path d="${d}" fill="none" stroke="${COLOR[curve.role]}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${curve.role.toLowerCase()} seed ${curve.seed}</title></path>`,
    );
  }
  const legend = seeds.flatMap((seed) => (["BASE", "HEAD"] as const).map((role) => ({ role, seed })));
  legend.forEach((entry, i) => {
    const lx = WIDTH - PAD.right - 120;
    const ly = PAD.top + 12 + i * 14;
    const dash = DASHES[seeds.indexOf(entry.seed) % DASHES.length];
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${COLOR[entry.role]}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      `<text x="${lx + 28}" y="${ly}" fill="#374151">${entry.role.toLowerCase()} seed ${entry.seed}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}
