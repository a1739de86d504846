import { chromium } from "@playwright/test";
const [name, path, email, width] = process.argv.slice(2);
const base = process.env.TANDEM_E2E_URL ?? "http://127.0.0.1:3100";
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
const context = await browser.newContext({ viewport: { width: Number(width || 1280), height: 900 } });
const page = await context.newPage();
if (email && email !== "-") {
  await page.goto(`${base}/login`);
  await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
  await page.fill("#f-email", email);
  await page.fill("#f-password", "tandem-demo-2026");
  await page.click("button[type=submit]");
  await page.waitForURL(/dashboard/);
}
await page.goto(`${base}${path}`);
await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
await browser.close();
