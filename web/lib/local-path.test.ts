import { describe, expect, it } from "vitest";
import { localPath } from "./local-path";

describe("localPath", () => {
  it("keeps paths on this site and sends everything else home", () => {
    expect(localPath("/projects/demo?tab=data#rows")).toBe("/projects/demo?tab=data#rows");
    expect(localPath(undefined)).toBe("/");
    for (const target of [
      "//evil.com",
      "/\\evil.com",
      "/\t/evil.com", // callbackUrl=/%09/evil.com, decoded
      "https://evil.com/",
      "javascript:alert(1)",
    ])
      expect(localPath(target)).toBe("/");
  });
});
