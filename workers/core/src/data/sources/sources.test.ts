import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type TextDocument, normalizeText } from "../document";
import { detectEmails } from "../audit/pii-detectors";
import {
  allSources,
  auditDemoSources,
  defaultSources,
  getSource,
  htmlToText,
  hyparquetCodeSource,
  mobyDickSource,
  nlpCorpusAuditSource,
  packageRoot,
  spdxLicensesSource,
  stateOfTheUnionSource,
  udhrSource,
} from "./index";

function collect(documents: Iterable<TextDocument>): TextDocument[] {
  return [...documents];
}

const SPDX_EXPRESSION = /^(?:[A-Za-z0-9.+-]+)(?: (?:AND|OR) [A-Za-z0-9.+-]+)*$/;

describe("packaged sources", () => {
  it("offers at least five default sources in distinct domains, none audit-only", () => {
    expect(defaultSources.length).toBeGreaterThanOrEqual(5);
    expect(new Set(defaultSources.map((source) => source.card().domain)).size).toBe(defaultSources.length);
    expect(defaultSources.every((source) => !source.auditOnly && !source.card().auditOnly)).toBe(true);
    expect(auditDemoSources.map((source) => source.name)).toEqual(["nlp-corpus-audit"]);
    expect(getSource("udhr")).toBe(udhrSource);
    expect(() => getSource("nope")).toThrow(/unknown source nope/);
  });

  it.each(allSources.map((source) => [source.name, source] as const))(
    "%s has a complete card whose version is the installed package's",
    (_name, source) => {
      const card = source.card();
      expect(card.name).toBe(source.name);
      expect(card.description.length).toBeGreaterThan(40);
      expect(card.license).toMatch(SPDX_EXPRESSION);
      expect(card.provenance.registry).toBe("npm");
      expect(card.provenance.files.length).toBeGreaterThan(0);
      expect(card.provenance.extraction.length).toBeGreaterThan(30);
      const manifest = JSON.parse(
        readFileSync(join(packageRoot(card.provenance.package), "package.json"), "utf8"),
      ) as {
        version: string;
      };
      expect(card.provenance.version).toBe(manifest.version);
    },
  );

  it.each(allSources.map((source) => [source.name, source] as const))(
    "%s yields normalised documents with unique ids",
    (_name, source) => {
      const documents = collect(source.documents());
      expect(new Set(documents.map((document) => document.id)).size).toBe(documents.length);
      const unnormalised = documents.filter(
        (document) => document.text.length === 0 || document.text !== normalizeText(document.text),
      );
      expect(unnormalised.map((document) => document.id)).toEqual([]);
    },
  );

  it("extracts Moby-Dick by chapter", () => {
    const documents = collect(mobyDickSource.documents());
    const chapters = documents.filter((document) => typeof document.meta.chapter === "number");
    expect(chapters).toHaveLength(135);
    const first = documents.find((document) => document.meta.chapter === 1);
    expect(first?.text).toMatch(/^CHAPTER 1\. Loomings\.\n\nCall me Ishmael\./);
    expect(documents.reduce((sum, document) => sum + document.text.length, 0)).toBeGreaterThan(1_000_000);
  });

  it("extracts one document per State of the Union address with year and president", () => {
    const documents = collect(stateOfTheUnionSource.documents());
    expect(documents.length).toBeGreaterThan(200);
    const first = documents[0];
    expect(first?.meta).toMatchObject({ year: 1790, president: "George Washington" });
    expect(documents.reduce((sum, document) => sum + document.text.length, 0)).toBeGreaterThan(8_000_000);
  });

  it("extracts UDHR translations in many scripts with their language codes", () => {
    const documents = collect(udhrSource.documents());
    expect(documents.length).toBeGreaterThan(400);
    const english = documents.find((document) => document.id === "udhr/eng");
    expect(english?.meta.iso6393).toBe("eng");
    expect(english?.text).toContain("All human beings are born free and equal in dignity and rights.");
    expect(english?.text).not.toMatch(/<[a-z]/);
    expect(new Set(documents.map((document) => document.meta.direction))).toContain("rtl");
  });

  it("extracts SPDX licence texts", () => {
    const documents = collect(spdxLicensesSource.documents());
    expect(documents.length).toBeGreaterThan(500);
    expect(documents.find((document) => document.id === "spdx/MIT")?.text).toContain(
      "Permission is hereby granted",
    );
  });

  it("extracts real JavaScript source files", () => {
    const documents = collect(hyparquetCodeSource.documents());
    expect(documents.length).toBeGreaterThan(15);
    expect(documents.every((document) => /\b(?:export|import|function)\b/.test(document.text))).toBe(true);
  });

  it("flags the nlp-corpus demo as audit-only and it really holds personal data", () => {
    expect(nlpCorpusAuditSource.card().auditOnly).toBe(true);
    const documents = collect(nlpCorpusAuditSource.documents());
    expect(documents.length).toBeGreaterThan(50_000);
    const withEmail = documents.filter((document) => detectEmails(document.text).length > 0);
    expect(withEmail.length).toBeGreaterThanOrEqual(3);
  });
});

describe("htmlToText", () => {
  it("turns block elements into paragraphs, decodes character references and keeps unknown ones", () => {
    const html =
      "<html><head><title>x</title></head><body><h1>Title</h1><p>Tom &amp; Jerry&#x27;s &#233;t&eacute; <b>bold</b></p><ol><li>one</li><li>two</li></ol></body></html>";
    expect(normalizeText(htmlToText(html))).toBe("Title\n\nTom & Jerry's ét&eacute; bold\n\none\n\ntwo");
  });
});
