/** Bumped whenever a kernel, the training loop or the evaluation changes results: cached base runs key on it. */
export const ENGINE_VERSION = "0.2.0";
