import { type ZodError } from "zod";

/** An error whose message is safe to show to the caller, with the HTTP status it maps to. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const unauthorized = () => new AppError(401, "Sign in required");
export const forbidden = (needed: string) => new AppError(403, `Forbidden: this needs the ${needed} role`);
export const notFound = (what: string) => new AppError(404, `${what} not found`);
export const badRequest = (message: string, details?: unknown) => new AppError(400, message, details);
export const conflict = (message: string, details?: unknown) => new AppError(409, message, details);

/** `layers[3].kv_heads: must divide heads` style messages from a zod error. */
export function describeZodError(error: ZodError): {
  message: string;
  issues: { path: string; message: string }[];
} {
  const issues = error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const first = issues[0];
  return { message: first ? `${first.path || "body"}: ${first.message}` : "invalid input", issues };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}
