import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "forge-demo";
export const DEMO_PROJECT = "nemo-proxy";

export async function signIn(page: Page, who: "admin" | "maintainer" | "contributor" | "viewer") {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(`${who}@forge.local`);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(who);
}
