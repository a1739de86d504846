import { test as base, expect, Page } from "@playwright/test";

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

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
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
