import { type z } from "zod";

/** One validation error: `path` is the field in display form (`layers[3].kv_heads`, `sources.code`, "" for the whole document). */
export interface TSpecError {
  path: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Display form of a field path: plain keys joined by dots, array indices in brackets, any other key quoted in
 * brackets so that a source named `a.b` cannot be mistaken for a nested field.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && PLAIN_KEY.test(segment))
      out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** JSON pointer (RFC 6901) of a path: the form comments anchor to and merge conflicts report. */
export function toJsonPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/**
 * Flattens zod issues into field errors. An unknown key becomes an error at the key itself (`layers[0].kv_head`),
 * which is where an editor should put the squiggle.
 */
export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[]): TSpecError[] {
  const errors: TSpecError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        errors.push({ path: formatFieldPath([...issue.path, key]), message: "unknown field" });
    } else {
      errors.push({ path: formatFieldPath(issue.path), message: issue.message });
    }
  }
  return errors;
}

/**
 * superRefine params for cross-field rules: run them only once every field passed its own checks, so one bad
 * value yields one error (and the rule never reasons about, say, a zero head count).
 */
export const CROSS_FIELD_RULE: z.core.$ZodSuperRefineParams = {
  when: (payload) => payload.issues.length === 0,
};
