// A proposal's training check end to end on the CPU (lavapipe): the test creates a tiny project with real
// ingested data and a d32 plan, a contributor opens a proposal and commits a change, the real worker trains
// head and base while the page draws their loss curves, the results comment appears in the thread, and a
// maintainer approves and merges.
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient } from "@forge/db";
import { createObjectStore } from "@forge/core/storage";
import { TINY_EVALSUITE, createExperimentProject, type TExperimentProject } from "@forge/workers/testing";
import { signIn } from "./helpers";

const databaseUrl = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/forge_e2e";
// The worker's object store: the same FORGE_DATA_DIR as playwright.config.ts passes it, resolved the same way.
const store = createObjectStore({ FORGE_DATA_DIR: process.env.E2E_DATA_DIR ?? "../.data/e2e-objects" });
let project: TExperimentProject;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const prisma = createPrismaClient(databaseUrl);
  try {
    project = await createExperimentProject({ prisma, store, steps: 16 });
    const demoUsers = await prisma.user.findMany({
      where: { handle: { in: ["contributor", "maintainer"] } },
    });
    await prisma.membership.createMany({
      data: demoUsers.map((user) => ({
        projectId: project.projectId,
        userId: user.id,
        role: user.handle === "maintainer" ? ("MAINTAINER" as const) : ("CONTRIBUTOR" as const),
      })),
    });
  } finally {
    await prisma.$disconnect();
  }
});

async function switchUser(page: Page, who: "maintainer" | "contributor") {
  await page.context().clearCookies();
  await signIn(page, who);
}

test("a proposal's check trains on a real worker, draws live curves, posts results, and the proposal merges", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, "contributor");
  const opened = await page.request.post(`/api/projects/${project.slug}/proposals`, {
    data: { title: "Profile a shorter context too", body: "Adds 16 to the inference profile." },
  });
  expect(opened.status()).toBe(200);
  const { proposal } = await opened.json();
  const committed = await page.request.post(
    `/api/projects/${project.slug}/proposals/${proposal.number}/commits`,
    {
      data: {
        expectedHead: proposal.baseRevision,
        message: "inference profile at 16 and 32",
        changes: [
          {
            path: "evalsuite.yaml",
            content: JSON.stringify({ ...TINY_EVALSUITE, inference_profile: { contexts: [16, 32] } }),
          },
        ],
      },
    },
  );
  expect(committed.status()).toBe(200);

  await page.goto(`/projects/${project.slug}/proposals/${proposal.number}`);
  const panel = page.getByTestId("checks-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("check-runs").getByTestId("check-run")).toHaveCount(2);
  // The author may cancel the whole check or a single run while they wait or train.
  await expect(panel.getByRole("button", { name: "Cancel check" })).toBeVisible();
  await expect(panel.getByRole("button", { name: "Cancel run" })).toHaveCount(2);
  // Curves draw while the runs train (the panel polls every second).
  await expect(panel.getByTestId("loss-curves").locator("svg path").first()).toBeVisible({
    timeout: 120_000,
  });

  // The results comment lands in the thread once both runs are trained and scored.
  const results = page.getByTestId("comment").filter({ hasText: "Training check" });
  await expect(results).toHaveCount(1, { timeout: 180_000 });
  await expect(results).toContainText("val_bpb");
  await expect(results).toContainText("PASSED");
  await expect(results.locator("img")).toHaveAttribute("src", /\/checks\/[a-z0-9]+\/curves\.svg$/);
  await expect(panel.getByTestId("check-state")).toHaveText("passed");
  await expect(panel.getByTestId("check-results")).toContainText("val_bpb[udhr]");
  // The tiny plan's eval suite scores both tasks: a row each, their mean, and the item counts.
  await expect(results).toContainText("task:quiz-cloze");
  await expect(results).toContainText("task_accuracy");
  await expect(panel.getByTestId("check-results")).toContainText("task:wordnet-definitions");
  await expect(panel.getByTestId("check-tasks")).toContainText("wordnet-definitions (16 items)");
  const curves = await page.request.get((await results.locator("img").getAttribute("src"))!);
  expect(curves.headers()["content-type"]).toContain("image/svg+xml");
  expect(await curves.text()).toContain("head seed 1");

  await switchUser(page, "maintainer");
  await page.goto(`/projects/${project.slug}/proposals/${proposal.number}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("review").last()).toContainText("approved");
  await page.getByRole("button", { name: "Merge into main" }).click();
  await expect(page.getByTestId("proposal-state")).toHaveText("merged");

  await page.goto(`/projects/${project.slug}/ledger`);
  await expect(page.getByTestId("ledger-proposals")).toContainText("Profile a shorter context too");
});
