// Batches from token arrays. Training windows are drawn at offsets that depend only on (seed, step), so
// a resumed run sees exactly the batches it would have seen; evaluation walks the held-out tokens in
// fixed consecutive windows, the same for every run.
import { Rng, mixSeed } from "../runtime/random";

export type TokenArray = Uint16Array | Uint32Array;
export type Batch = { inputs: Uint32Array; targets: Uint32Array };

function window(tokens: TokenArray, starts: number[], T: number): Batch {
  const inputs = new Uint32Array(starts.length * T);
  const targets = new Uint32Array(starts.length * T);
  starts.forEach((start, b) => {
    inputs.set(tokens.subarray(start, start + T), b * T);
    targets.set(tokens.subarray(start + 1, start + T + 1), b * T);
  });
  return { inputs, targets };
}

export function trainBatch(tokens: TokenArray, seed: number, step: number, B: number, T: number): Batch {
  const rng = new Rng(mixSeed(seed, step + 0x5eed));
  const span = tokens.length - T; // last start leaves room for the shifted targets
  return window(
    tokens,
    Array.from({ length: B }, () => rng.int(span)),
    T,
  );
}

/** The k-th evaluation batch: consecutive windows, wrapping around the held-out tokens. */
export function evalBatch(tokens: TokenArray, k: number, B: number, T: number): Batch {
  const windows = Math.floor((tokens.length - 1) / T);
  return window(
    tokens,
    Array.from({ length: B }, (_, b) => ((k * B + b) % windows) * T),
    T,
  );
}

/** Throws naming the field when a token array cannot feed the model. */
export function checkTokens(field: string, tokens: TokenArray, vocab: number, T: number): void {
  if (tokens.length < T + 1)
    throw new Error(`${field}: ${tokens.length} tokens, need at least seq_len + 1 = ${T + 1}`);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]! >= vocab)
      throw new Error(`${field}: token ${tokens[i]} at index ${i} is outside vocab ${vocab}`);
  }
}
