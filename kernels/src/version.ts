/** Bumped whenever a kernel or the training loop changes numbers: cached base results key on it. */
export const ENGINE_VERSION = "0.1.0";
