// usage: node tests/.shots.mjs who name=/path ...
import { chromium } from "playwright-core";
const base = process.env.BASE ?? "http://localhost:3000";
const [who, ...targets] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base + "/signin");
await page.getByLabel("Email").fill(`${who}@forge.local`);
await page.getByLabel("Password").fill("forge-demo");
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.waitForSelector('[data-testid="signed-in-as"]');
for (const t of targets) {
  const [name, path] = t.split("=");
  await page.goto(base + path);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log("shot", name);
}
await browser.close();
