/** Joins held-out arrays (one per source) into the one array the engine's periodic evaluation walks. */
export function concatTokens(parts: Uint16Array[]): Uint16Array {
  const out = new Uint16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
