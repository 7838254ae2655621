import { describe, expect, it } from "vitest";
import { type TextDocument } from "../document";
import { mobyDickSource, nlpCorpusAuditSource, stateOfTheUnionSource } from "../sources/index";
import { auditDocuments } from "./audit-documents";
import { NearDuplicateIndex, exactDuplicateKey } from "./duplicates";
import { auditReportToCsv, auditReportToJson, csvField } from "./report-export";

const chapters = [...mobyDickSource.documents()].filter(
  (document) => typeof document.meta.chapter === "number",
);
const speeches = [...stateOfTheUnionSource.documents()];

function lightlyEdit(text: string): string {
  const words = text.split(" ");
  for (const position of [0.2, 0.5, 0.8]) {
    const index = Math.floor(words.length * position);
    words[index] = `${words[index] ?? ""}X`;
  }
  return words.join(" ").replace(/\n\n/, "\n\nAn added sentence about whales.\n\n");
}

describe("duplicates", () => {
  it("treats case and whitespace variants as exact duplicates", () => {
    expect(exactDuplicateKey("Hello   World\n")).toBe(exactDuplicateKey("hello world"));
    expect(exactDuplicateKey("Hello World")).not.toBe(exactDuplicateKey("Hello Word"));
  });

  it("finds a lightly edited chapter and not an unrelated one", () => {
    const index = new NearDuplicateIndex();
    for (const chapter of chapters.slice(0, 40)) expect(index.add(chapter.id, chapter.text)).toBeUndefined();
    const original = chapters[9] as TextDocument;
    const match = index.add("edited", lightlyEdit(original.text));
    expect(match?.of).toBe(original.id);
    expect(match?.estimatedJaccard).toBeGreaterThan(0.8);
    expect(index.add("speech", (speeches[100] as TextDocument).text)).toBeUndefined();
    expect(index.add("tiny", "too short")).toBeUndefined();
  });
});

describe("auditDocuments", () => {
  const documents: TextDocument[] = [
    { id: "a", text: "Contact me at alice@example.org or +44 20 7946 0958. Server 10.0.0.7.", meta: {} },
    { id: "b", text: "Card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE, what the fuck.", meta: {} },
    { id: "c", text: "Nothing to see here, just a quiet sentence about the sea.", meta: {} },
    { id: "d", text: "nothing to see here,  just a quiet sentence about the SEA.", meta: {} },
    { id: "e", text: (chapters[3] as TextDocument).text, meta: {} },
    { id: "f", text: lightlyEdit((chapters[3] as TextDocument).text), meta: {} },
  ];
  const report = auditDocuments(documents);

  it("reports every kind with spans, counts and per-document rates", () => {
    const byDocument = (id: string) =>
      report.findings.filter((finding) => finding.documentId === id).map((f) => f.kind);
    expect(byDocument("a")).toEqual(["email", "phone", "ipv4"]);
    expect(byDocument("b")).toEqual(["credit_card", "secret", "profanity"]);
    expect(byDocument("c")).toEqual([]);
    expect(byDocument("d")).toEqual(["exact_duplicate"]);
    expect(byDocument("f")).toContain("near_duplicate");
    expect(report.documents).toBe(6);
    expect(report.counts.email).toBe(1);
    expect(report.rates.exact_duplicate).toBeCloseTo(1 / 6);
    const duplicate = report.findings.find((finding) => finding.kind === "exact_duplicate");
    expect(duplicate).toMatchObject({ start: 0, end: documents[3]?.text.length, detail: "duplicate of c" });
  });

  it("exports JSON and properly escaped CSV", () => {
    expect(JSON.parse(auditReportToJson(report))).toEqual(report);
    const csv = auditReportToCsv(report);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("document_id,kind,start,end,detail");
    expect(lines).toHaveLength(report.findings.length + 2);
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(42)).toBe("42");
    const tricky = auditDocuments([{ id: 'x,"y"', text: "mail bob@example.com", meta: {} }]);
    expect(auditReportToCsv(tricky).split("\r\n")[1]).toBe(
      '"x,""y""",email,5,20,email address at example.com',
    );
  });

  it("finds real personal data and profanity in the audit demo corpus, none in Moby-Dick's PII scan", () => {
    const demo = [...nlpCorpusAuditSource.documents()].slice(0, 20_000);
    const demoReport = auditDocuments(demo);
    expect(demoReport.counts.profanity).toBeGreaterThan(100);
    expect(demoReport.counts.email + demoReport.counts.phone).toBeGreaterThan(0);
    const bookReport = auditDocuments(chapters);
    expect(
      bookReport.counts.email +
        bookReport.counts.phone +
        bookReport.counts.secret +
        bookReport.counts.credit_card,
    ).toBe(0);
    expect(bookReport.counts.exact_duplicate + bookReport.counts.near_duplicate).toBe(0);
  }, 60_000);
});
