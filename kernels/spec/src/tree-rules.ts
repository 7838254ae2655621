import { type TArchitecture } from "./architecture";
import {
  artifactKindOf,
  datasetCardPath,
  validateArtifact,
  type TArtifactDocs,
  type TArtifactKind,
  type TArtifactTree,
} from "./artifact";
import { formatFieldPath, type TSpecError } from "./field-path";
import { ownValue } from "./json-value";

/** Errors of one artifact in a tree; `errors[].path` is the field inside that artifact. */
export interface TArtifactErrors {
  path: string;
  errors: TSpecError[];
}

/**
 * Validates a whole revision: every artifact at a known path against its schema, then the rules that span
 * artifacts, which no single schema can see:
 * - each data-mix source has a dataset card (`datasets/<name>.yaml`) that is not audit-only;
 * - the training sequence length (recipe.seq_len, else datamix.seq_len) fits the architecture's max_seq and
 *   divides recipe.batch_tokens;
 * - with learned positions, no inference context exceeds max_seq (there is no position embedding beyond it);
 * - a recipe that gates its check on task_accuracy has an eval suite with at least one task to measure it.
 * Paths the registry does not know (a tokenizer, say) are left alone. Returns [] for a valid tree.
 */
export function validateTree(tree: TArtifactTree): TArtifactErrors[] {
  const found = new Map<string, TSpecError[]>();
  const report = (path: string, field: string, message: string) => {
    const list = found.get(path) ?? [];
    list.push({ path: field, message });
    found.set(path, list);
  };
  const docs = new Map<string, TArtifactDocs[TArtifactKind]>();
  for (const path of Object.keys(tree).sort()) {
    if (artifactKindOf(path) === null) continue;
    const result = validateArtifact(path, ownValue(tree, path));
    if (result.ok) docs.set(path, result.doc);
    else for (const error of result.errors) report(path, error.path, error.message);
  }
  const arch = docs.get("architecture.yaml") as TArchitecture | undefined;
  const mix = docs.get("datamix.yaml") as TArtifactDocs["datamix"] | undefined;
  const recipe = docs.get("recipe.yaml") as TArtifactDocs["recipe"] | undefined;
  const suite = docs.get("evalsuite.yaml") as TArtifactDocs["evalsuite"] | undefined;

  for (const source of Object.keys(mix?.sources ?? {})) {
    const cardPath = datasetCardPath(source);
    const field = formatFieldPath(["sources", source]);
    const card = docs.get(cardPath) as TArtifactDocs["dataset-card"] | undefined;
    if (card === undefined && !Object.hasOwn(tree, cardPath)) {
      report("datamix.yaml", field, `${field} has no dataset card (${cardPath})`);
    } else if (card?.audit_only) {
      report("datamix.yaml", field, `${field} is audit-only material and cannot be in the mix`);
    }
  }

  const seqLen = recipe?.seq_len ?? mix?.seq_len;
  const seqLenAt =
    recipe?.seq_len !== undefined
      ? { path: "recipe.yaml", field: "seq_len" }
      : { path: "datamix.yaml", field: "seq_len" };
  if (arch && seqLen !== undefined && seqLen > arch.max_seq) {
    report(
      seqLenAt.path,
      seqLenAt.field,
      `seq_len (${seqLen}) exceeds architecture max_seq (${arch.max_seq})`,
    );
  }
  if (recipe && seqLen !== undefined && recipe.batch_tokens % seqLen !== 0) {
    report(
      "recipe.yaml",
      "batch_tokens",
      `batch_tokens must be a multiple of seq_len (${recipe.batch_tokens} % ${seqLen} != 0)`,
    );
  }
  if (arch?.positional === "learned" && suite) {
    suite.inference_profile.contexts.forEach((context, i) => {
      if (context > arch.max_seq) {
        report(
          "evalsuite.yaml",
          `inference_profile.contexts[${i}]`,
          `inference_profile.contexts[${i}] (${context}) exceeds max_seq (${arch.max_seq}) of an architecture with learned positions`,
        );
      }
    });
  }
  const suiteMissing = suite === undefined && !Object.hasOwn(tree, "evalsuite.yaml");
  if (recipe?.check.metric === "task_accuracy" && (suiteMissing || suite?.tasks.length === 0)) {
    report(
      "recipe.yaml",
      "check.metric",
      "check.metric task_accuracy needs at least one task in evalsuite.yaml (tasks is empty)",
    );
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, errors]) => ({ path, errors }));
}
