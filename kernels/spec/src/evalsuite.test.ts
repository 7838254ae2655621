import { describe, expect, it } from "vitest";
import { ZEvalsuite } from "./evalsuite";
import { zodIssuesToErrors } from "./field-path";

const suite = () => ({
  heldout: "per_source_bits_per_byte",
  tasks: ["quiz-cloze", "wordnet-definitions"],
  ptq: ["fp8", "nvfp4"],
  inference_profile: { contexts: [256, 1024, 4096] },
});
const errorsOf = (input: unknown) => {
  const result = ZEvalsuite.safeParse(input);
  return result.success ? [] : zodIssuesToErrors(result.error.issues);
};

describe("ZEvalsuite", () => {
  it("accepts DESIGN.md's suite and defaults ptq to none", () => {
    expect(errorsOf(suite())).toEqual([]);
    const { ptq: _ptq, ...withoutPtq } = suite();
    expect(ZEvalsuite.parse(withoutPtq).ptq).toEqual([]);
  });

  it("refuses repeats in tasks and ptq", () => {
    expect(errorsOf({ ...suite(), tasks: ["quiz-cloze", "wordnet-definitions", "quiz-cloze"] })).toEqual([
      { path: "tasks[2]", message: 'tasks repeats "quiz-cloze"' },
    ]);
    expect(errorsOf({ ...suite(), ptq: ["fp8", "fp8"] })).toEqual([
      { path: "ptq[1]", message: 'ptq repeats "fp8"' },
    ]);
    expect(errorsOf({ ...suite(), ptq: ["int4"] }).map((e) => e.path)).toEqual(["ptq[0]"]);
  });

  it("needs strictly ascending positive contexts", () => {
    expect(errorsOf({ ...suite(), inference_profile: { contexts: [1024, 256] } })).toEqual([
      {
        path: "inference_profile.contexts[1]",
        message: "inference_profile.contexts must be strictly ascending (1024 then 256)",
      },
    ]);
    expect(errorsOf({ ...suite(), inference_profile: { contexts: [] } }).map((e) => e.path)).toEqual([
      "inference_profile.contexts",
    ]);
    expect(errorsOf({ ...suite(), inference_profile: { contexts: [0] } }).map((e) => e.path)).toEqual([
      "inference_profile.contexts[0]",
    ]);
  });

  it("refuses a task it cannot build, naming tasks[i] and the known tasks", () => {
    expect(errorsOf({ ...suite(), tasks: ["quiz-cloze", "trivia"] })).toEqual([
      {
        path: "tasks[1]",
        message: 'tasks[1] is not a known task ("trivia"); known tasks: quiz-cloze, wordnet-definitions',
      },
    ]);
  });

  it("scores 64 items per task unless told, and bounds task_items", () => {
    expect(ZEvalsuite.parse(suite()).task_items).toBe(64);
    expect(ZEvalsuite.parse({ ...suite(), task_items: 8 }).task_items).toBe(8);
    for (const bad of [0, 2.5, 5000, "8"])
      expect(errorsOf({ ...suite(), task_items: bad }).map((e) => e.path)).toEqual(["task_items"]);
  });

  it("refuses unknown held-out metrics and task names with spaces", () => {
    expect(errorsOf({ ...suite(), heldout: "perplexity", tasks: ["quiz cloze"] }).map((e) => e.path)).toEqual(
      ["heldout", "tasks[0]"],
    );
  });
});
