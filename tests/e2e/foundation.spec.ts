import { expect, test } from "@playwright/test";
import { DEMO_PROJECT, signIn } from "./helpers";

test("the demo admin signs in, sees the demo project, and the home page is captured", async ({ page }) => {
  await signIn(page, "admin");
  const card = page.getByTestId("project-card").filter({ hasText: "Nemo proxy" });
  await expect(card).toBeVisible();
  await page.screenshot({ path: "artifacts/home.png", fullPage: true });
  await card.click();
  await expect(page.getByTestId("project-name")).toHaveText("Nemo proxy");
  await expect(page.getByText("your role: admin")).toBeVisible();
});

test("a wrong password is refused", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("admin@forge.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
});

test("a VIEWER gets 403 from a mutation and a MAINTAINER does not", async ({ page }) => {
  await signIn(page, "viewer");
  const denied = await page.request.patch(`/api/projects/${DEMO_PROJECT}`, {
    data: { description: "defaced" },
  });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error).toContain("MAINTAINER");

  await page.context().clearCookies();
  await signIn(page, "maintainer");
  const allowed = await page.request.patch(`/api/projects/${DEMO_PROJECT}`, {
    data: { description: "A GPT proxy trained in the open." },
  });
  expect(allowed.status()).toBe(200);
});

test("anonymous mutations get 401 and malformed bodies 400 naming the field", async ({ page, request }) => {
  expect((await request.patch(`/api/projects/${DEMO_PROJECT}`, { data: { name: "x" } })).status()).toBe(401);
  await signIn(page, "admin");
  const bad = await page.request.patch(`/api/projects/${DEMO_PROJECT}`, {
    data: { gpuBudgetPerUser: "lots" },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/^gpuBudgetPerUser:/);
});

test("the operator page shows the running worker with its adapter and a fresh heartbeat", async ({
  page,
}) => {
  await page.goto("/operator");
  const row = page.getByTestId("worker-row").filter({ hasText: "alive" }).first();
  await expect(row).toBeVisible();
  // The e2e worker prefers the CPU (FORGE_PREFER_CPU=1) and CI installs lavapipe: its adapter is "cpu".
  await expect(row.getByRole("cell").nth(2)).toHaveText(/^cpu\b/);
});
