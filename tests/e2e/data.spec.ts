import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_PROJECT, signIn } from "./helpers";

// The auditor's journey over the seeded demo data: search, filter to rows with emails, see the finding
// highlighted in the row, export the audit report.
test("an auditor searches, filters to rows with emails, sees the highlight and exports the report", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await page.goto(`/projects/${DEMO_PROJECT}/data`);
  const licences = page.getByTestId("dataset-row-spdx-licenses");
  await expect(licences).toContainText("spdx-license-list@");
  await expect(licences.getByTestId("dataset-state")).toHaveText("ready");

  await page.getByRole("link", { name: "Browse rows" }).click();
  await page.getByLabel("Search").fill("FreeBSD");
  await page.getByLabel("Finding").selectOption("email");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=FreeBSD.*kind=email|kind=email.*q=FreeBSD/);
  const rows = page.getByTestId("data-row");
  await expect(rows.first()).toContainText("spdx-licenses#");
  for (const row of await rows.all()) await expect(row).toContainText("email");
  await expect(rows.first().locator("mark").first()).toHaveText(/^freebsd$/i);

  await rows.first().getByRole("link").click();
  const email = page.getByTestId("row-text").locator('mark[data-kinds~="email"]').first();
  await expect(email).toBeVisible();
  await expect(email).toHaveText(/^[^\s@]+@[^\s@]+\.[a-z]+$/i);
  await expect(page.getByTestId("row-findings")).toContainText("email");

  await page.goto(`/projects/${DEMO_PROJECT}/data/spdx-licenses`);
  await expect(page.getByTestId("card-provenance")).toContainText("npm · spdx-license-list@");
  await expect(page.getByTestId("audit-kind-email")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-csv").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^spdx-licenses-audit-[0-9a-f]{12}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("document_id,kind,start,end,detail");
  expect(csv).toMatch(/\r\nspdx\/[^,]+,email,\d+,\d+,/);

  const json = await page.request.get(
    `/api/projects/${DEMO_PROJECT}/datasets/spdx-licenses/report?format=json`,
  );
  expect(json.ok()).toBe(true);
  const report = (await json.json()) as { counts: { email: number }; findings: { kind: string }[] };
  expect(report.counts.email).toBe(report.findings.filter((f) => f.kind === "email").length);
  expect(report.counts.email).toBeGreaterThan(0);
});

// A maintainer's upload goes through the object store, the queue and the worker's ingest and audit jobs.
test("a maintainer uploads JSONL: a malformed line fails with file:line, a good file ingests and is audited", async ({
  page,
}) => {
  await signIn(page, "maintainer");
  const upload = async (name: string, fileName: string, content: string) => {
    await page.goto(`/projects/${DEMO_PROJECT}/data`);
    const form = page.getByTestId("upload-form");
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Licence (SPDX)").fill("CC0-1.0");
    await form
      .getByLabel("File")
      .setInputFiles({ name: fileName, mimeType: "application/jsonl", buffer: Buffer.from(content) });
    await form.getByRole("button", { name: "Upload and ingest" }).click();
    await expect(page.getByTestId("dataset-name")).toHaveText(name);
  };

  // Unique names keep the test rerunnable against the same database.
  const run = Date.now().toString(36);
  await upload(`broken-${run}`, "broken.jsonl", '{"text": "fine"}\n{"text": oops}\n');
  await expect(page.getByTestId("dataset-error")).toContainText("broken.jsonl:2: invalid JSON");
  await expect(page.getByTestId("dataset-state")).toHaveText("failed");

  await upload(
    `field-notes-${run}`,
    "notes.jsonl",
    [
      '{"text": "Radio the harbour master at harbour@example.net before noon."}',
      '{"text": "Calm seas."}',
    ].join("\n"),
  );
  await expect(page.getByTestId("dataset-state")).toHaveText("ready");
  await expect(page.getByTestId("card-provenance")).toContainText("upload · notes.jsonl@sha256:");
  await expect(page.getByTestId("audit-kind-email")).toContainText("1");
});
