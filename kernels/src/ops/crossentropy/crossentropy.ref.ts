// CPU reference for softmax cross-entropy (float64): mean loss and dlogits of the mean.
export function crossEntropyRef(logits: Float32Array, targets: Uint32Array, M: number, V: number) {
  const losses = new Float32Array(M);
  const dlogits = new Float32Array(M * V);
  let total = 0;
  for (let m = 0; m < M; m++) {
    const row = logits.subarray(m * V, (m + 1) * V);
    const max = row.reduce((a, v) => Math.max(a, v), -Infinity);
    const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
    const lse = max + Math.log(sum);
    const target = targets[m]!;
    losses[m] = lse - row[target]!;
    total += lse - row[target]!;
    for (let v = 0; v < V; v++) dlogits[m * V + v] = (Math.exp(row[v]! - lse) - (v === target ? 1 : 0)) / M;
  }
  return { losses, mean: total / M, dlogits };
}
