import "server-only";
import { ArtifactValidationError, RefConflictError, formatSpecError } from "@forge/db";
import { badRequest, conflict } from "@/lib/errors";

/** Store errors become 400 (with every field error) and 409 (the ref moved); anything else passes through. */
export function mapStoreError(error: unknown): unknown {
  if (error instanceof ArtifactValidationError) {
    const first = error.errors[0];
    return badRequest(first ? formatSpecError(first) : "invalid artifact", error.errors);
  }
  if (error instanceof RefConflictError) {
    return conflict(`${error.message}; reload and apply your change again`, {
      ref: error.ref,
      expected: error.expected,
      actual: error.actual,
    });
  }
  return error;
}
