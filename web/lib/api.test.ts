// Input PostgreSQL cannot store is refused with a 400 naming the field before any handler or query runs.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute, readJson } from "./api";

describe("apiRoute and readJson refuse NUL characters", () => {
  it("answers 400 naming the query parameter or path segment, without calling the handler", async () => {
    let called = false;
    const route = apiRoute({ action: "site.read" }, () => {
      called = true;
      return { ok: true };
    });
    const search = await route(new NextRequest("http://forge.test/api/x?q=whale%00"), {
      params: Promise.resolve({ slug: "demo" }),
    });
    expect(search.status).toBe(400);
    expect((await search.json()).error).toBe("q: must not contain NUL");
    const path = await route(new NextRequest("http://forge.test/api/x"), {
      params: Promise.resolve({ slug: "de\0mo" }),
    });
    expect((await path.json()).error).toBe("slug: must not contain NUL");
    expect(called).toBe(false);
  });

  it("names the JSON field that carries one", async () => {
    const request = new Request("http://forge.test/api/x", {
      method: "POST",
      body: JSON.stringify({ body: "fine", changes: [{ path: "a.yaml", content: "x\u0000" }] }),
    });
    await expect(readJson(request, z.unknown())).rejects.toThrow("changes[0].content: must not contain NUL");
  });
});
