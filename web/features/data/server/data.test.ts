// The data feature's server functions against a real PostgreSQL: datasets are ingested and audited with the
// workers' own code paths into a fresh project per test file, with a filesystem object store.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { auditDetail, getPrisma } from "@forge/db";
import { auditDataset } from "@forge/core/datasets/audit-dataset";
import { ingestDataset } from "@forge/core/datasets/ingest-dataset";
import { datasetOrigin } from "@forge/core/datasets/json-columns";
import { FilesystemObjectStore } from "@forge/core/storage";
import { AppError } from "@/lib/errors";
import { asCaller, createProjectWithMembers } from "@/test/factories";
import { ZBrowseRowsQuery } from "../schemas";
import { browseRows } from "./browse-rows";
import { exportAuditReport } from "./export-audit-report";
import { getMixAuditDelta } from "./get-mix-audit-delta";
import { getRow } from "./get-row";
import { uploadDataset } from "./upload-dataset";

let slug: string;
let projectId: string;
const query = (input: Record<string, string>) => ZBrowseRowsQuery.parse(input);

const lines = [
  "The whale surfaced near the ship at dawn.",
  "Contact ada@example.org for the <script>logbook</script> scans.",
  "Grain prices rose and the congress debated the tariff for weeks on end.",
  "Another whale, larger, breached twice beside the boats before noon.",
];

beforeAll(async () => {
  const { project } = await createProjectWithMembers();
  slug = project.slug;
  projectId = project.id;
  const store = new FilesystemObjectStore(await mkdtemp(join(tmpdir(), "forge-web-data-")));
  const prisma = getPrisma();
  for (const [name, texts, license] of [
    ["notes", lines, "CC0-1.0"],
    ["extra", ["A quiet line about nothing in particular.", "Mail bob@example.com today."], "MIT"],
  ] as const) {
    const key = `uploads/${name}-${project.id}`;
    await store.put(key, new TextEncoder().encode(texts.map((text) => JSON.stringify({ text })).join("\n")));
    const dataset = await prisma.dataset.create({
      data: {
        projectId,
        name,
        origin: datasetOrigin.write({
          kind: "upload",
          key,
          format: "jsonl",
          fileName: `${name}.jsonl`,
          sha256: "0".repeat(64),
          license,
          description: "",
        }),
      },
    });
    await ingestDataset({ prisma, store, datasetId: dataset.id });
    await auditDataset({ prisma, datasetId: dataset.id });
  }
  // An ingest in progress is invisible to the browser.
  const hidden = await prisma.dataset.create({ data: { projectId, name: "half-done" } });
  await prisma.dataRow.create({
    data: {
      datasetId: hidden.id,
      ordinal: 0,
      docId: "x",
      shardKey: "s",
      text: "whale in progress",
      chars: 17,
    },
  });
});

describe("browseRows", () => {
  it("searches the text, filters by finding, dataset and length, and hides unfinished datasets", async () => {
    const whales = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ q: "whales" }) }),
    );
    expect(whales.rows.map((r) => `${r.dataset}#${r.ordinal}`)).toEqual(["notes#0", "notes#3"]);
    const emails = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ kind: "email" }) }),
    );
    expect(emails.rows.map((r) => r.docId)).toEqual(["notes.jsonl:2", "extra.jsonl:2"]);
    // The kinds reach the browser as an array (an enum array read raw came back as the string "{email}").
    for (const row of emails.rows) expect(row.findingKinds).toEqual(expect.arrayContaining(["email"]));
    const extra = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ kind: "email", dataset: "extra" }) }),
    );
    expect(extra.rows).toHaveLength(1);
    const long = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ minChars: "60" }) }),
    );
    expect(long.rows.every((r) => r.chars >= 60)).toBe(true);
    expect(long.rows.length).toBeGreaterThan(0);
  });

  it("pages with a keyset cursor", async () => {
    const first = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ limit: "4" }) }),
    );
    expect(first.rows).toHaveLength(4);
    const second = await asCaller(slug, null, "project.read", (access) =>
      browseRows({ access, query: query({ limit: "4", cursor: first.nextCursor! }) }),
    );
    expect(second.rows.map((r) => r.docId)).toEqual(["extra.jsonl:1", "extra.jsonl:2"]);
    expect(second.nextCursor).toBeNull();
  });

  it("offers no next page after a last page that is exactly full", async () => {
    const page = (cursor?: string) =>
      asCaller(slug, null, "project.read", (access) =>
        browseRows({ access, query: query({ limit: "3", ...(cursor ? { cursor } : {}) }) }),
      );
    const first = await page();
    expect(first.nextCursor).not.toBeNull();
    const last = await page(first.nextCursor ?? undefined);
    expect(last.rows.map((r) => r.docId)).toEqual(["notes.jsonl:4", "extra.jsonl:1", "extra.jsonl:2"]);
    expect(last.nextCursor).toBeNull();
  });

  it("names the bad field of a query", () => {
    expect(ZBrowseRowsQuery.safeParse({ minChars: "9", maxChars: "3" }).error?.issues).toMatchObject([
      { path: ["maxChars"], message: "must not be below minChars" },
    ]);
    expect(ZBrowseRowsQuery.safeParse({ kind: "nope" }).error?.issues[0]?.path).toEqual(["kind"]);
  });
});

describe("getRow and exportAuditReport", () => {
  it("marks findings in the row text and exports them", async () => {
    const row = await asCaller(slug, null, "project.read", (access) =>
      getRow({ access, name: "notes", ordinal: 1 }),
    );
    expect(row.segments).toContainEqual({ text: "ada@example.org", kinds: ["email"] });
    expect(row.segments.map((s) => s.text).join("")).toBe(lines[1]);
    const csv = await asCaller(slug, null, "project.read", (access) =>
      exportAuditReport({ access, name: "notes", format: "csv" }),
    );
    expect(csv.body).toContain("notes.jsonl:2,email,8,23,");
    const json = JSON.parse(
      (
        await asCaller(slug, null, "project.read", (access) =>
          exportAuditReport({ access, name: "notes", format: "json" }),
        )
      ).body,
    );
    expect(json.counts.email).toBe(1);
    await expect(
      asCaller(slug, null, "project.read", (access) => getRow({ access, name: "half-done", ordinal: 0 })),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("uploadDataset", () => {
  it("is for maintainers only", async () => {
    // A project of its own: an upload let through by mistake must not change the other tests' datasets.
    const { project, members } = await createProjectWithMembers(["VIEWER", "CONTRIBUTOR"]);
    for (const userId of [null, members.VIEWER.id, members.CONTRIBUTOR.id]) {
      const upload = asCaller(project.slug, userId, "dataset.add", (access) =>
        uploadDataset({
          access,
          fields: { name: "new-data", license: "MIT", description: "" },
          file: { name: "a.jsonl", bytes: new TextEncoder().encode('{"text":"x"}') },
        }),
      );
      await expect(upload).rejects.toBeInstanceOf(AppError);
      await expect(upload).rejects.toMatchObject({ status: userId === null ? 401 : 403 });
    }
  });

  it("refuses a file whose extension is no upload format, built-in object keys included", async () => {
    const { project, members } = await createProjectWithMembers(["MAINTAINER"]);
    for (const name of ["a.csv", "a.constructor", "a.tostring"]) {
      const upload = asCaller(project.slug, members.MAINTAINER.id, "dataset.add", (access) =>
        uploadDataset({
          access,
          fields: { name: "odd-data", license: "MIT", description: "" },
          file: { name, bytes: new TextEncoder().encode('{"text":"x"}') },
        }),
      );
      await expect(upload, name).rejects.toMatchObject({
        status: 400,
        message: "file: must be .jsonl, .txt or .parquet",
      });
    }
    expect(await getPrisma().dataset.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("uploadDataset retries", () => {
  it("replaces a FAILED dataset of the same name and refuses to replace any other", async () => {
    const { project, members } = await createProjectWithMembers(["MAINTAINER"]);
    const upload = (text: string) =>
      asCaller(project.slug, members.MAINTAINER.id, "dataset.add", (access) =>
        uploadDataset({
          access,
          fields: { name: "field-notes", license: "MIT", description: "" },
          file: { name: "notes.jsonl", bytes: new TextEncoder().encode(JSON.stringify({ text })) },
        }),
      );
    await upload("first try");
    await expect(upload("again")).rejects.toMatchObject({ status: 409 });
    const prisma = getPrisma();
    const first = await prisma.dataset.findFirstOrThrow({
      where: { projectId: project.id, name: "field-notes" },
    });
    await prisma.dataset.update({
      where: { id: first.id },
      data: { state: "FAILED", error: "notes.jsonl:1: oops" },
    });

    expect(await upload("second try")).toEqual({ name: "field-notes", state: "INGESTING" });
    const datasets = await prisma.dataset.findMany({ where: { projectId: project.id } });
    expect(datasets).toHaveLength(1);
    expect(datasets[0]).toMatchObject({ state: "INGESTING", error: null });
    expect(datasets[0]!.id).not.toBe(first.id);
    const audit = await prisma.auditEvent.findMany({
      where: { projectId: project.id, action: "dataset.upload" },
    });
    expect(audit.map((e) => auditDetail.read(e.detail).replacedFailed)).toEqual([false, true]);
  });
});

describe("getMixAuditDelta", () => {
  it("weights licence shares, PII and duplicate rates by the mix", async () => {
    const mix = (sources: Record<string, number>) => ({
      "datamix.yaml": { sources, tokenizer: "t", seq_len: 8 },
    });
    const delta = await getMixAuditDelta(projectId, mix({ notes: 1 }), mix({ notes: 0.5, extra: 0.5 }));
    expect(delta.base.licenseShares).toEqual({ "CC0-1.0": 1 });
    expect(delta.head.licenseShares).toEqual({ "CC0-1.0": 0.5, MIT: 0.5 });
    expect(delta.base.piiRate).toBeCloseTo(1 / 4);
    expect(delta.head.piiRate).toBeCloseTo(0.5 * (1 / 4) + 0.5 * (1 / 2));
    expect(delta.head.unaudited).toEqual([]);
  });
});
