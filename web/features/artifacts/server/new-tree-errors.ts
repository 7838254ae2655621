import { validateTree, type TArtifactTree, type TSpecError } from "@forge/spec";

const key = (e: TSpecError & { artifact: string }) => `${e.artifact}\n${e.path}\n${e.message}`;

/**
 * The problems across artifacts (validateTree) that `after` has and `before` had not: a change is refused for
 * what it breaks, not for what was already broken in the revision it builds on.
 */
export function newTreeErrors(
  before: TArtifactTree,
  after: TArtifactTree,
): (TSpecError & { artifact: string })[] {
  const flatten = (tree: TArtifactTree) =>
    validateTree(tree).flatMap((invalid) => invalid.errors.map((e) => ({ artifact: invalid.path, ...e })));
  const known = new Set(flatten(before).map(key));
  return flatten(after).filter((e) => !known.has(key(e)));
}
