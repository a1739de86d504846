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
