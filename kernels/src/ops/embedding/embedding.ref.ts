// CPU reference for the embedding (float64 sums).
export function embeddingRef(
  tokens: Uint32Array,
  wte: Float32Array,
  wpe: Float32Array | null,
  C: number,
  T: number,
): Float32Array {
  const x = new Float32Array(tokens.length * C);
  tokens.forEach((tok, pos) => {
    for (let c = 0; c < C; c++) x[pos * C + c] = wte[tok * C + c]! + (wpe ? wpe[(pos % T) * C + c]! : 0);
  });
  return x;
}

export function embeddingBackwardRef(
  tokens: Uint32Array,
  dx: Float32Array,
  vocab: number,
  C: number,
  T: number,
) {
  const dwte = new Float64Array(vocab * C);
  const dwpe = new Float64Array(T * C);
  tokens.forEach((tok, pos) => {
    for (let c = 0; c < C; c++) {
      dwte[tok * C + c]! += dx[pos * C + c]!;
      dwpe[(pos % T) * C + c]! += dx[pos * C + c]!;
    }
  });
  return { dwte: Float32Array.from(dwte), dwpe: Float32Array.from(dwpe) };
}
