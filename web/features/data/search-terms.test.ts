import { describe, expect, it } from "vitest";
import { searchTerms } from "./search-terms";

describe("searchTerms", () => {
  it("keeps the asked-for words of a websearch query", () => {
    expect(searchTerms('"White Whale" or Ahab -ocean')).toEqual(["white", "whale", "ahab"]);
    expect(searchTerms('-"not this" FreeBSD')).toEqual(["freebsd"]);
    expect(searchTerms("")).toEqual([]);
  });
});
