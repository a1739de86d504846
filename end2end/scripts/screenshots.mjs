// Screenshots of the main pages for a human look: `node scripts/screenshots.mjs [outdir]`
// against a running server (TANDEM_E2E_URL, default http://127.0.0.1:3100).
import { chromium } from "@playwright/test";
import { createHmac } from "node:crypto";

const base = process.env.TANDEM_E2E_URL ?? "http://127.0.0.1:3100";
const out = process.argv[2] ?? "/tmp/tandem-shots";
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });

// The demo's two-step secret (README): staff, safeguarding and coordinator logins need a code.
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
function totp(ahead = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const key = [];
  for (const c of SECRET) {
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

// One sign-in per person, reused (a two-step code works once).
const signedIn = new Map();

async function shoot(name, path, { email, width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, storageState: signedIn.get(email) });
  const page = await context.newPage();
  if (email && !signedIn.has(email)) {
    await page.goto(`${base}/login`);
    await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
    await page.fill("#f-email", email);
    await page.fill("#f-password", "tandem-demo-2026");
    await page.click("button[type=submit]");
    await page.waitForURL(/dashboard|login\/verify/);
    for (const ahead of [0, 1]) {
      if (!page.url().includes("/login/verify")) break;
      await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
      await page.fill("#f-code", totp(ahead));
      await page.click("button[type=submit]");
      await page.waitForTimeout(1500);
    }
    await page.waitForURL(/dashboard/);
    signedIn.set(email, await context.storageState());
  }
  await page.goto(`${base}${path}`);
  await page.waitForSelector("body[data-hydrated='true']", { state: "attached" });
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await context.close();
}

import { mkdirSync } from "node:fs";
mkdirSync(out, { recursive: true });
await shoot("home", "/");
await shoot("home-phone", "/", { width: 390, height: 844 });
await shoot("register", "/register");
await shoot("login-phone", "/login", { width: 390, height: 844 });
await shoot("mentor-dashboard", "/dashboard", { email: "amara.okafor@example.org" });
await shoot("young-under18-dashboard", "/dashboard", { email: "maya.patel@northfield.example" });
await shoot("coordinator-dashboard", "/dashboard", { email: "coordinator@northfield.example" });
await shoot("staff-dashboard", "/dashboard", { email: "staff@tandem.example" });
await shoot("staff-people", "/admin/users", { email: "staff@tandem.example" });
await shoot("dsl-dashboard", "/dashboard", { email: "dsl@tandem.example" });
await shoot("forbidden-phone", "/admin/users", { email: "jordan.ellis@example.org", width: 390, height: 844 });
await shoot("account", "/account", { email: "jordan.ellis@example.org" });
await shoot("not-found", "/nowhere");
await shoot("mentor-workshops", "/workshops", { email: "amara.okafor@example.org" });
await shoot("mentor-workshops-phone", "/workshops", { email: "amara.okafor@example.org", width: 390, height: 844 });
await shoot("mentor-certificate-none", "/certificate", { email: "amara.okafor@example.org" });
await shoot("young-apply", "/apply", { email: "jordan.ellis@example.org" });
await shoot("young-pre-evaluation-phone", "/evaluation/pre", { email: "jordan.ellis@example.org", width: 390, height: 844 });
await shoot("young-induction", "/workshops", { email: "maya.patel@northfield.example" });
await shoot("staff-mentor-queue", "/admin/mentors", { email: "staff@tandem.example" });
await shoot("staff-mentor-approved", "/admin/mentors?filter=approved", { email: "staff@tandem.example" });
await shoot("staff-mentor-review", "/admin/mentors/8", { email: "staff@tandem.example" });
await shoot("staff-workshops", "/admin/workshops", { email: "staff@tandem.example" });
await shoot("staff-workshop-register", "/admin/workshops/1", { email: "staff@tandem.example" });
await shoot("verify", "/verify");
await shoot("staff-matching", "/admin/matching", { email: "staff@tandem.example" });
await shoot("staff-matching-phone", "/admin/matching", { email: "staff@tandem.example", width: 390, height: 844 });
await shoot("staff-matching-weights", "/admin/matching/weights", { email: "staff@tandem.example" });
await shoot("match-mentor-under18", "/match/2", { email: "ruth.bennett@example.org" });
await shoot("match-young-phone", "/match/2", { email: "kofi.asante@northfield.example", width: 390, height: 844 });
await shoot("match-adult-mentor", "/match/1", { email: "marcus.lee@example.org" });
await shoot("staff-held-messages", "/admin/messages", { email: "staff@tandem.example" });
await shoot("staff-relationships", "/admin/relationships", { email: "staff@tandem.example" });
await shoot("staff-gifts", "/admin/gifts", { email: "staff@tandem.example" });
await shoot("coordinator-relay", "/coordinator/messages", { email: "coordinator@northfield.example" });
await shoot("mentor-gifts-phone", "/gifts", { email: "ruth.bennett@example.org", width: 390, height: 844 });
await shoot("staff-impact", "/reports/impact", { email: "staff@tandem.example" });
await shoot("coordinator-impact-phone", "/reports/impact", { email: "coordinator@northfield.example", width: 390, height: 844 });
await shoot("concern-form", "/concern?match=2", { email: "ruth.bennett@example.org" });
await shoot("concern-form-phone", "/concern", { email: "kofi.asante@northfield.example", width: 390, height: 844 });
await shoot("dsl-queue", "/safeguarding", { email: "dsl@tandem.example" });
await shoot("dsl-case", "/safeguarding/cases/1", { email: "dsl@tandem.example" });
await shoot("dsl-case-phone", "/safeguarding/cases/1", { email: "dsl@tandem.example", width: 390, height: 844 });
await shoot("staff-case-refused", "/safeguarding/cases/1", { email: "staff@tandem.example" });
await shoot("staff-audit", "/admin/audit", { email: "staff@tandem.example" });
await shoot("privacy-young-phone", "/privacy", { email: "maya.patel@northfield.example", width: 390, height: 844 });
await shoot("account-two-step", "/account", { email: "jordan.ellis@example.org" });
await browser.close();
console.log(`screenshots in ${out}`);
