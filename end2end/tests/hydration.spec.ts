import { test, expect, hydrated, signIn } from "./fixtures";

// Every page in each role's navigation, loaded in full (not reached by a client-side link),
// hydrates without a console error. Pages that made resources inside another resource's
// Transition used to panic now and then while hydrating: their data came back in a
// different order on the server and in the browser.
const ROLES = [
  "staff@tandem.example",
  "dsl@tandem.example",
  "coordinator@northfield.example",
  "lead@brightwater.example",
  "amara.okafor@example.org",
  "jordan.ellis@example.org",
  "ruth.bennett@example.org",
];

for (const who of ROLES) {
  test(`every page in the navigation of ${who} hydrates cleanly`, async ({ page }) => {
    await signIn(page, who);
    const links = await page
      .locator("nav[aria-label='Main'] a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(links.length).toBeGreaterThan(3);
    for (const path of links) {
      await page.goto(path);
      await hydrated(page);
      // Hydration runs on after the marker is set: give a late panic time to show.
      await page.waitForTimeout(300);
    }
  });
}

// Addresses people mistype, shorten or paste: unknown, malformed and very long codes and ids
// on every page that takes one. Each loads in full and hydrates without a panic; the only
// console line allowed is the browser's own note of a 404 or 403 answer.
const LONG = "9".repeat(400);
const CODES = ["AAAA-BBBB-CCCC", "not a code", "%F0%9F%98%80", "K7QX-M2PD-9HR", "A".repeat(500)];
const IDS = ["999999", "abc", "-1", "0", LONG, "1.5"];
const ID_PAGES = [
  "/match/ID",
  "/admin/mentors/ID",
  "/admin/workshops/ID",
  "/admin/matching/runs/ID",
  "/admin/matching/young/ID",
  "/safeguarding/cases/ID",
  "/training/lessons/ID",
  "/training/modules/ID/quiz",
  "/admin/training/modules/ID",
  "/admin/training/lessons/ID",
];

async function visitAll(page: import("@playwright/test").Page, errors: string[], paths: string[]) {
  for (const path of paths) {
    await page.goto(path);
    await hydrated(page);
    await page.waitForTimeout(300);
    await expect(page.locator("h1").first()).toBeVisible();
  }
  // The browser notes each 404 or 403 document it was sent; anything else is a fault.
  for (let i = errors.length - 1; i >= 0; i--) {
    if (/Failed to load resource: the server responded with a status of (404|403)/.test(errors[i])) errors.splice(i, 1);
  }
}

test("verification codes of every shape hydrate cleanly, signed out", async ({ page, consoleErrors }) => {
  const paths = CODES.flatMap((c) => [`/verify/${c}`, `/verify?code=${encodeURIComponent(c)}`]);
  await visitAll(page, consoleErrors, paths);
  await page.goto("/verify/AAAA-BBBB-CCCC");
  await expect(page.getByRole("alert")).toContainText("No certificate has the code AAAA-BBBB-CCCC");
  await page.goto(`/verify/${"A".repeat(500)}`);
  // A pasted page of text is not echoed back whole.
  const shown = (await page.getByRole("alert").textContent()) ?? "";
  expect(shown.length).toBeLessThan(200);
});

for (const who of ["staff@tandem.example", "dsl@tandem.example", "amara.okafor@example.org"]) {
  test(`unknown, malformed and very long ids hydrate cleanly for ${who}`, async ({ page, consoleErrors }) => {
    await signIn(page, who);
    const paths = IDS.flatMap((id) => ID_PAGES.map((p) => p.replace("ID", id)));
    await visitAll(page, consoleErrors, paths);
  });
}

// The browser's code comes in lazily loaded groups of pages (app/src/routes.rs, built with
// `cargo leptos build --split`): a young person's phone fetches the public pages' and the
// dashboard's code, never the staff pages'; each page names its group's files in its head;
// and a link into another group fetches that group's code and works.
test("a young person's phone fetches only the code of the pages it opens", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  await page.goto("/");
  await hydrated(page);
  expect(wasm.some((p) => p.includes("split_public_page"))).toBe(true);
  expect(wasm.some((p) => p.includes("split_dashboard_page") || p.includes("split_staff_page"))).toBe(false);
  const preloads = await page.locator("head link[rel='preload'][as='fetch']").evaluateAll((ls) =>
    ls.map((l) => (l as HTMLLinkElement).href),
  );
  expect(preloads.some((h) => h.includes("split_public_page"))).toBe(true);

  await signIn(page, "jordan.ellis@example.org");
  await page.goto("/dashboard");
  await hydrated(page);
  expect(wasm.some((p) => p.includes("split_dashboard_page"))).toBe(true);
  // A link to a page of another group: its code arrives and the page works.
  await page.getByRole("link", { name: "Apply" }).first().click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your application" })).toBeVisible();
  expect(wasm.some((p) => p.includes("split_member_page"))).toBe(true);
  expect(wasm.some((p) => p.includes("split_staff_page"))).toBe(false);

  // Staff pages are a group of their own, fetched by staff.
  await signIn(page, "staff@tandem.example");
  await page.goto("/admin/mentors");
  await hydrated(page);
  expect(wasm.some((p) => p.includes("split_staff_page"))).toBe(true);
});
