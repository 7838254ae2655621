/** A run of row text with the finding kinds covering it (none: plain text). */
export type TTextSegment = { text: string; kinds: string[] };

/**
 * Cuts text at every finding boundary so overlapping findings become adjacent segments, each carrying the
 * kinds that cover it. Spans are UTF-16 offsets, clamped to the text. Rendering the segments as React
 * elements (<mark> for covered ones) escapes the text.
 */
export function highlightFindings(
  text: string,
  findings: ReadonlyArray<{ kind: string; start: number; end: number }>,
): TTextSegment[] {
  const spans = findings
    .map((f) => ({ kind: f.kind, start: Math.max(0, f.start), end: Math.min(text.length, f.end) }))
    .filter((f) => f.end > f.start);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((f) => [f.start, f.end])])].sort(
    (a, b) => a - b,
  );
  const segments: TTextSegment[] = [];
  for (const [i, start] of cuts.entries()) {
    const end = cuts[i + 1];
    if (end === undefined) break;
    const kinds = [
      ...new Set(spans.filter((f) => f.start <= start && f.end >= end).map((f) => f.kind)),
    ].sort();
    const previous = segments.at(-1);
    if (previous && previous.kinds.join() === kinds.join()) previous.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), kinds });
  }
  return segments;
}
