import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";

export const DEMO_PASSWORD = "tandem-demo-2026";

/** Every test fails if any visited page logs a console error or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
      await use(errors);
      expect(errors, "console errors on visited pages").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * The browser itself logs a non-2xx document as "Failed to load resource". Where a test
 * deliberately opens a page that answers 403 or 404, it takes that one message off the list.
 */
export function expectBrowserStatusMessage(errors: string[], status: number) {
  const i = errors.findIndex((e) => e.includes(`the server responded with a status of ${status}`));
  expect(i, `expected the browser's ${status} message`).toBeGreaterThanOrEqual(0);
  errors.splice(i, 1);
}

/** Waits until the WebAssembly has hydrated the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}

/** The two-step secret of the demo's staff, safeguarding and coordinator logins (README). */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

function base32(s: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, "")) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code an authenticator app shows now (or `ahead` steps later). */
export function totp(secret = DEMO_TOTP_SECRET, ahead = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + ahead;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(secret)).update(msg).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, "0");
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/(dashboard|login\/verify\?ticket=.+)$/);
  if (page.url().includes("/login/verify")) await enterCode(page, true);
  await expect(page).toHaveURL(/\/dashboard$/);
  // The address changes before the header learns who signed in: wait for it too.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/**
 * The second step for staff, safeguarding and coordinator logins: the code an authenticator
 * app would show. A code works once, so when this account has just used the current step's
 * code (an earlier test), the next step's is tried, and failing that the test waits for the
 * next 30-second step, as a person would.
 */
export async function enterCode(page: Page, scripted: boolean) {
  for (let attempt = 0; attempt < 3; attempt++) {
    for (const ahead of [0, 1]) {
      if (scripted) await hydrated(page);
      await page.getByLabel("Code", { exact: true }).fill(totp(DEMO_TOTP_SECRET, ahead));
      const answered = page.waitForResponse((r) => r.url().includes("/api/login_code"));
      await page.getByRole("button", { name: "Continue" }).click();
      await answered;
      const signedIn = await page
        .waitForURL(/\/dashboard$/, { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (signedIn) return;
    }
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
}

/** Registers a new account through the form and lands on its dashboard. */
export async function register(
  page: Page,
  who: { role: "A mentor" | "A young person"; name: string; email: string; dob: string; password: string },
) {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel(who.role).check();
  await page.getByLabel("Full name").fill(who.name);
  await page.getByLabel("Email address").fill(who.email);
  await page.getByLabel("Date of birth").fill(who.dob);
  await page.getByLabel("Create a password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

// `cargo xtask test` runs the server with a real SMTP server on loopback (aiosmtpd) and
// tells us where it writes what it receives.
export const mailDir = process.env.TANDEM_E2E_MAIL_DIR ?? "";
const python = process.env.TANDEM_PYTHON ?? "python3";

export type Mail = { to: string; cc: string; subject: string; text: string; html: string; calendar: string };

/** Every message the SMTP server has accepted, decoded by Python's email package. */
export function inbox(): Mail[] {
  const out = execFileSync(python, [join(__dirname, "../../tools/mail/read_mail.py"), mailDir]);
  return JSON.parse(out.toString());
}

/** The first email to `to` (whose subject matches, when given), waiting up to 30 s for it. */
export async function waitForMail(to: string, subject?: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => (found = inbox().find((m) => m.to === to && (!subject || subject.test(m.subject)))), {
      timeout: 30_000,
      message: `an email to ${to}`,
    })
    .toBeTruthy();
  return found as Mail;
}

/** The WCAG 2.2 A and AA rules every page is checked against. */
export const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Opens `path`, waits for hydration, and checks it with axe-core against `WCAG` and that
 * nothing scrolls sideways at the page's current width.
 */
export async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations.map((v) => `${path}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(wide, `${path} scrolls sideways at ${page.viewportSize()?.width} px`).toBe(false);
}
