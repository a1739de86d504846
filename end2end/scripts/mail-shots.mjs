// Screenshots of the email pages for a human look: `node scripts/mail-shots.mjs [outdir]`
// against a running server (TANDEM_E2E_URL, default http://127.0.0.1:3100).
import { chromium } from "@playwright/test";
import { createHmac } from "node:crypto";

const base = process.env.TANDEM_E2E_URL ?? "http://127.0.0.1:3100";
const out = process.argv[2] ?? "/tmp/tandem-shots";
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });

function totp(ahead = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const key = [];
  for (const c of "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { key.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + ahead));
  const h = createHmac("sha1", Buffer.from(key)).update(msg).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, "0");
}

async function signedIn(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("tandem-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/dashboard|verify/);
  if (page.url().includes("verify")) {
    for (const ahead of [0, 1]) {
      await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
      await page.getByLabel("Code").fill(totp(ahead));
      await page.getByRole("button", { name: "Continue" }).click();
      if (await page.waitForURL(/dashboard/, { timeout: 5000 }).then(() => true, () => false)) break;
    }
  }
  const state = await context.storageState();
  await context.close();
  return state;
}

const states = {};
for (const [who, email] of [["staff", "staff@tandem.example"], ["mentor", "amara.okafor@example.org"]]) {
  states[who] = await signedIn(email);
}
for (const [name, who, path] of [
  ["mail", "staff", "/admin/mail"],
  ["staff-dashboard", "staff", "/dashboard"],
  ["account", "mentor", "/account"],
  ["unsubscribe", "mentor", "/unsubscribe?t=x&c=reminders"],
]) {
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, storageState: states[who] });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
    await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: true });
    await context.close();
  }
}
await browser.close();
