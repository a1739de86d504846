import { test, expect, hydrated, signIn, DEMO_PASSWORD } from "./fixtures";
import type { Browser, Page } from "@playwright/test";

// A form sent before the page has hydrated (a slow phone still loading the code) or in a
// browser without JavaScript is posted by the browser itself. When the server finds a
// problem, the page comes back with the error and everything typed but the password.

type Mode = "without JavaScript" | "before hydration";

/** A page in a fresh browser context; "before hydration" holds the WebAssembly back until `release`. */
async function open(
  browser: Browser,
  mode: Mode,
  storageState?: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>,
): Promise<{ page: Page; release: () => Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled: mode !== "without JavaScript", storageState });
  const page = await context.newPage();
  let open = false;
  const waiting: (() => void)[] = [];
  if (mode === "before hydration") {
    await page.route(/\.wasm$/, async (route) => {
      if (!open) await new Promise<void>((r) => waiting.push(r));
      await route.continue();
    });
  }
  const release = async () => {
    open = true;
    waiting.splice(0).forEach((r) => r());
    if (mode === "before hydration") await hydrated(page);
  };
  return { page, release };
}

function yearsAgo(n: number): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - n);
  return d.toISOString().slice(0, 10);
}

for (const mode of ["without JavaScript", "before hydration"] as Mode[]) {
  test(`a registration with one bad answer keeps what was typed, ${mode}`, async ({ browser }) => {
    const { page, release } = await open(browser, mode);
    await page.goto("/register");
    await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
    const email = `kept.${mode.replace(/\W/g, "")}.${Date.now()}@example.org`;
    await page.getByLabel("Full name").fill("Priya Shah");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Date of birth").fill(yearsAgo(12));
    await page.getByLabel(/young person/i).check();
    await page.getByLabel("Create a password").fill("orchard-lantern-58");
    await page.getByRole("button", { name: /Create (my )?account/ }).click();

    // Back on the form: the problem is shown, every answer but the password is kept.
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#f-date_of_birth-error")).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue("Priya Shah");
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await expect(page.getByLabel("Date of birth")).toHaveValue(yearsAgo(12));
    await expect(page.getByLabel(/young person/i)).toBeChecked();
    await expect(page.getByLabel("Create a password")).toHaveValue("");
    expect(await page.content()).not.toContain("orchard-lantern-58");

    // Once the code arrives the page hydrates over what was typed and keeps it.
    await release();
    await expect(page.getByLabel("Full name")).toHaveValue("Priya Shah");
    await expect(page.getByLabel("Email address")).toHaveValue(email);

    // The corrected form goes through.
    await page.getByLabel("Date of birth").fill(yearsAgo(19));
    await page.getByLabel("Create a password").fill("orchard-lantern-58");
    await page.getByRole("button", { name: /Create (my )?account/ }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText("Priya").first()).toBeVisible();
    await page.context().close();
  });

  test(`a concern report with one bad answer keeps what was typed, ${mode}`, async ({ browser }) => {
    // Signed in as usual, then the same session in the browser under test.
    const signedIn = await browser.newContext();
    await signIn(await signedIn.newPage(), "marcus.lee@example.org", DEMO_PASSWORD);
    const state = await signedIn.storageState();
    await signedIn.close();
    const { page, release } = await open(browser, mode, state);
    await concernRoundTrip(page, release);
  });
}

async function concernRoundTrip(page: Page, release: () => Promise<void>) {
  await page.goto("/concern");
  const what = `Leah said she felt unsafe at "the hostel" & asked for help (${Date.now()})`;
  await page.getByLabel("Risk of harm").check();
  await page.getByLabel("Soon: within two working days").check();
  await page.getByLabel("What was said or seen?").fill(what);
  await page.getByLabel("When did it happen?").fill("2031-01-01");
  await page.getByRole("button", { name: "Send to the safeguarding lead" }).click();

  await expect(page).toHaveURL(/\/concern$/);
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.getByLabel("What was said or seen?")).toHaveValue(what);
  await expect(page.locator("#f-happened_on-error")).toContainText("future");
  await expect(page.getByLabel("Risk of harm")).toBeChecked();
  await expect(page.getByLabel("Soon: within two working days")).toBeChecked();
  await expect(page.getByLabel("When did it happen?")).toHaveValue("2031-01-01");
  await release();
  await expect(page.getByLabel("What was said or seen?")).toHaveValue(what);

  await page.getByLabel("When did it happen?").fill(new Date().toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  await expect(page.locator(".plain-list li").filter({ hasText: "felt unsafe" }).first()).toContainText(
    "the hostel",
  );
  await page.context().close();
}
