// The error for a spec the engine cannot build: `field` is the path of the offending field
// (architecture.layers[2].heads, recipe.seq_len, …) and the message reads `field: reason`.
export class SpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "SpecError";
  }
}
