import { describe, expect, it } from "vitest";
import { MAX_ARTIFACT_BYTES, MAX_YAML_BYTES, readArtifactText } from "./artifact-text";

const errorsOf = (text: string) => {
  const result = readArtifactText(text);
  return result.ok ? [] : result.errors;
};
const valueOf = (text: string) => {
  const result = readArtifactText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
};

describe("readArtifactText: JSON", () => {
  it("reads JSON, and YAML flow text that is not JSON", () => {
    expect(valueOf('{"a": [1, 2.5e3, "x"]}')).toEqual({ a: [1, 2500, "x"] });
    expect(valueOf("{a: 1, b: [x]}")).toEqual({ a: 1, b: ["x"] });
  });

  it("refuses duplicate keys in JSON with their path", () => {
    expect(errorsOf('{"sources": {"code": 0.5, "code": 0.5}}')).toEqual([
      { path: "sources.code", message: 'duplicate key "code"' },
    ]);
    expect(errorsOf('{"layers": [{"a": 1}, {"t": "x", "b": "}", "t": 2}]}')).toEqual([
      { path: "layers[1].t", message: 'duplicate key "t"' },
    ]);
    expect(errorsOf('{"k\\"": 1, "k\\u0022": 2}')).toEqual([
      { path: '["k\\""]', message: 'duplicate key "k\\""' },
    ]);
    expect(valueOf('{"a": {"x": 1}, "b": {"x": 1}, "s": "\\\\", "x": 1}')).toEqual({
      a: { x: 1 },
      b: { x: 1 },
      s: "\\",
      x: 1,
    });
  });

  it("reads a 1 MiB JSON document with many keys quickly", () => {
    const keys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key${i}`, i]));
    const text = JSON.stringify({
      keys,
      pad: "x".repeat(MAX_ARTIFACT_BYTES - JSON.stringify(keys).length - 20),
    });
    const started = performance.now();
    expect(readArtifactText(text).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("readArtifactText: YAML", () => {
  it("reads YAML 1.2: no yes/no booleans, no octal surprises, underscores in integers only", () => {
    expect(valueOf("a: yes\nb: 0o17\nc: 012\nd: 20_000_000\ne: 1_0.5\nf: 3e-3\ng: '1_000'")).toEqual({
      a: "yes",
      b: 15,
      c: 12,
      d: 20_000_000,
      e: "1_0.5",
      f: 0.003,
      g: "1_000",
    });
  });

  it("stops alias bombs and allows modest reuse", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    expect(errorsOf(bomb)[0]?.message).toMatch(/^YAML rejected: .*alias/i);
    expect(valueOf("a: &b [0.9, 0.95]\nc: *b")).toEqual({ a: [0.9, 0.95], c: [0.9, 0.95] });
  });

  it("refuses duplicate and complex keys with their line", () => {
    expect(errorsOf("seq_len: 1\nseq_len: 2\n")).toEqual([
      { path: "", message: 'YAML: duplicate key "seq_len" at line 2, column 1' },
    ]);
    expect(errorsOf("a:\n  b: 1\n  b: 1\n")[0]?.message).toBe('YAML: duplicate key "b" at line 3, column 3');
    expect(errorsOf("? [a, b]\n: 1\n")[0]?.message).toMatch(/^YAML: only plain keys are allowed at line 1/);
  });

  it("refuses custom tags, several documents and syntax errors", () => {
    expect(errorsOf("tokenizer: !!js/function 'x'\n")[0]?.message).toMatch(/^YAML: Unresolved tag/);
    expect(errorsOf("a: 1\n---\nb: 2\n")[0]?.message).toMatch(/multiple documents/);
    expect(errorsOf("sources: { a: 1\n")[0]?.message).toMatch(/^YAML: .*line \d+, column \d+$/);
  });

  it("reads a large YAML map in linear time (the yaml library's own duplicate check is quadratic)", () => {
    const text = Array.from({ length: 15_000 }, (_, i) => `key${i}: ${i}`).join("\n");
    const started = performance.now();
    expect(readArtifactText(text).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("readArtifactText: limits and encoding", () => {
  it("refuses text over the size limit, counted in UTF-8 bytes", () => {
    expect(errorsOf(`"${"x".repeat(MAX_ARTIFACT_BYTES)}"`)).toEqual([
      {
        path: "",
        message: `artifact is ${MAX_ARTIFACT_BYTES + 2} bytes, at most ${MAX_ARTIFACT_BYTES} are allowed`,
      },
    ]);
    expect(errorsOf("\u00e9".repeat(MAX_ARTIFACT_BYTES / 2 + 1))[0]?.message).toMatch(
      /at most 1048576 are allowed/,
    );
  });

  it("counts UTF-8 bytes of 2-, 3- and 4-byte characters", () => {
    const limit = MAX_ARTIFACT_BYTES;
    expect(readArtifactText(`["${"\u{1F600}".repeat(limit / 4 - 1)}"]`).ok).toBe(true);
    expect(errorsOf(`["${"\u{1F600}".repeat(limit / 4)}"]`)[0]?.message).toBe(
      `artifact is ${limit + 4} bytes, at most ${limit} are allowed`,
    );
    expect(errorsOf(`["${"\u20ac".repeat(Math.floor(limit / 3))}"]`)[0]?.message).toMatch(
      /^artifact is 1048579 bytes/,
    );
  });

  it("holds YAML to a lower limit than JSON", () => {
    const pad = "x".repeat(MAX_YAML_BYTES);
    expect(errorsOf(`description: ${pad}`)[0]?.message).toMatch(
      /^YAML artifact is \d+ bytes, at most 262144 .*JSON may be up to 1048576/,
    );
    expect(valueOf(JSON.stringify({ description: pad }))).toEqual({ description: pad });
  });

  it("refuses lone surrogates and ignores a byte-order mark", () => {
    expect(errorsOf("tokenizer: \ud800x")[0]?.message).toMatch(/lone surrogate/);
    expect(valueOf("\ufeffa: 1")).toEqual({ a: 1 });
    expect(valueOf('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });
});
