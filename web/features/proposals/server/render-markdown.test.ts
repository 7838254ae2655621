import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown";

describe("renderMarkdown", () => {
  it("renders a script tag inert, as text", () => {
    const html = renderMarkdown('hello <script>alert("x")</script> <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: links but keeps https links with rel=nofollow", () => {
    const html = renderMarkdown(
      "[bad](javascript:alert(1)) [also bad](JaVaScRiPt:alert(1)) [good](https://example.org)",
    );
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">good</a>');
  });

  it("still renders markdown", () => {
    expect(renderMarkdown("**bold** and `code`")).toBe(
      "<p><strong>bold</strong> and <code>code</code></p>\n",
    );
  });
});
