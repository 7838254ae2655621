/**
 * Artifact text (JSON or YAML) to a plain value, with the guards a web server needs against hostile input.
 * JSON takes a fast path (JSON.parse plus a linear duplicate-key scan); other text goes through the `yaml`
 * library, whose parser costs about 10 microseconds per byte, hence its lower size limit.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type ScalarTag } from "yaml";
import { formatFieldPath, type TSpecError } from "./field-path";

/** Largest artifact text accepted, in UTF-8 bytes (JSON). Real artifacts are a few KiB. */
export const MAX_ARTIFACT_BYTES = 1 << 20;
/** Largest YAML (non-JSON) text accepted: keeps the worst-case parse near a few seconds of CPU. */
export const MAX_YAML_BYTES = 256 << 10;
/** Most YAML alias dereferences per document: enough for honest reuse, far too few for a "billion laughs" bomb. */
export const MAX_YAML_ALIASES = 64;

export type TTextReadResult = { ok: true; value: unknown } | { ok: false; errors: TSpecError[] };

const fail = (message: string, path = ""): TTextReadResult => ({ ok: false, errors: [{ path, message }] });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function readArtifactText(text: string): TTextReadResult {
  if (LONE_SURROGATE.test(text))
    return fail("text is not valid Unicode (lone surrogate), so it has no UTF-8 form");
  const bytes = utf8Length(text);
  if (bytes > MAX_ARTIFACT_BYTES)
    return fail(`artifact is ${bytes} bytes, at most ${MAX_ARTIFACT_BYTES} are allowed`);
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const json = readJson(source);
  if (json !== null) return json;
  if (bytes > MAX_YAML_BYTES) {
    return fail(
      `YAML artifact is ${bytes} bytes, at most ${MAX_YAML_BYTES} are allowed (JSON may be up to ${MAX_ARTIFACT_BYTES})`,
    );
  }
  return readYaml(source);
}

/** UTF-8 length of well-formed text, without Buffer so that browsers can run the same checks. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4; // a surrogate pair (text is well-formed here): one 4-byte sequence
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The JSON reading of `text`, or null when it is not JSON (then it may still be YAML, e.g. `{a: 1}`). */
function readJson(text: string): TTextReadResult | null {
  if (!/^\s*[{[]/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const duplicate = firstDuplicateJsonKey(text);
  return duplicate === null
    ? { ok: true, value }
    : fail(`duplicate key ${JSON.stringify(duplicate.at(-1))}`, formatFieldPath(duplicate));
}

interface TJsonFrame {
  /** Keys seen so far in an object; null for an array. */
  keys: Set<string> | null;
  expectingKey: boolean;
  lastKey: string;
  index: number;
}

/**
 * Path of the first repeated key in valid JSON text, or null. JSON.parse keeps the last value silently, which
 * would let a document say two things at once; YAML refuses the same.
 */
function firstDuplicateJsonKey(text: string): (string | number)[] | null {
  const stack: TJsonFrame[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === "{" || char === "[") {
      stack.push({
        keys: char === "{" ? new Set() : null,
        expectingKey: char === "{",
        lastKey: "",
        index: 0,
      });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ",") {
      if (top?.keys) top.expectingKey = true;
      else if (top) top.index++;
    } else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (top?.keys && top.expectingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          return [...stack.slice(0, -1).map((frame) => (frame.keys ? frame.lastKey : frame.index)), key];
        }
        top.keys.add(key);
        top.lastKey = key;
        top.expectingKey = false;
      }
      i = end;
    }
  }
  return null;
}

/** `20_000_000` as a number, as DESIGN.md writes budgets; YAML 1.2 alone would read it as a string. */
const underscoredInteger: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?[0-9]+(?:_[0-9]+)+$/,
  identify: (value) => typeof value === "number",
  resolve: (source) => Number(source.replace(/_/g, "")),
};

/**
 * YAML 1.2 core schema (no `yes`/`no` booleans, no custom tags) plus underscore digit separators in integers.
 * Duplicate keys, complex keys, unknown tags, several documents and more than MAX_YAML_ALIASES alias uses are
 * errors. Duplicate keys are found here in one pass: the library's own check is quadratic in the map size.
 */
function readYaml(source: string): TTextReadResult {
  const lineCounter = new LineCounter();
  try {
    const document = parseDocument(source, {
      version: "1.2",
      schema: "core",
      customTags: (tags) => [...tags, underscoredInteger],
      uniqueKeys: false,
      prettyErrors: true,
      lineCounter,
    });
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0)
      return { ok: false, errors: problems.map((p) => ({ path: "", message: yamlMessage(p.message) })) };
    const keyProblems: TSpecError[] = [];
    visit(document, {
      Map(_, map) {
        const keys = new Set<unknown>();
        for (const item of map.items) {
          const at = (node: unknown) => {
            const offset = isScalar(node) || isMap(node) ? (node.range?.[0] ?? 0) : 0;
            const { line, col } = lineCounter.linePos(offset);
            return `at line ${line}, column ${col}`;
          };
          if (!isScalar(item.key)) {
            keyProblems.push({ path: "", message: `YAML: only plain keys are allowed ${at(map)}` });
            return visit.BREAK;
          }
          const key = String(item.key.value);
          if (keys.has(key)) {
            keyProblems.push({
              path: "",
              message: `YAML: duplicate key ${JSON.stringify(key)} ${at(item.key)}`,
            });
            return visit.BREAK;
          }
          keys.add(key);
        }
        return undefined;
      },
    });
    if (keyProblems.length > 0) return { ok: false, errors: keyProblems };
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return fail(`YAML rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** First line of a yaml error ("Nested mappings are not allowed ... at line 2, column 1"), without the excerpt. */
function yamlMessage(message: string): string {
  const firstLine = message.split("\n", 1)[0] ?? message;
  return `YAML: ${firstLine.replace(/:$/, "")}`;
}
