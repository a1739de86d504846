import { test, expect, expectAccessible, expectBrowserStatusMessage, hydrated, signIn } from "./fixtures";

// The programme's policies: readable by anyone without signing in or JavaScript, edited by
// staff as versions, accepted by mentors (see journeys.spec.ts for a new mentor accepting
// them), shown on the mentor's record, and on the gifts page with a warning above the limit.

test("anyone reads the policies without JavaScript, from the footer", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Policies" }).click();
  await expect(page).toHaveURL(/\/policies$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Policies");
  for (const group of ["For everyone", "For mentors", "For young people"]) {
    await expect(page.getByRole("heading", { level: 2, name: group })).toBeVisible();
  }
  const gifts = page.getByRole("listitem").filter({ hasText: "Gifts and hospitality policy" });
  await expect(gifts).toContainText("Mentors accept it before being matched");
  await gifts.getByRole("link").click();
  await expect(page).toHaveURL(/\/policies\/gifts-and-hospitality$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gifts and hospitality policy");
  await expect(page.locator(".policy-text")).toContainText("UK Bribery Act 2010");
  await expect(page.locator(".policy-text")).toContainText("£25");
  await page.goto("/policies/online-safety");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staying safe online: a guide for young people");
  await expect(page.locator(".policy-text")).toContainText("Childline");
  await expect(page.getByText("Every mentor reads and accepts this policy")).toHaveCount(0);
  const missing = await page.goto("/policies/no-such-policy");
  expect(missing?.status()).toBe(404);
  await context.close();
});

test("staff correct a policy without asking again, and see each mentor's acceptances", async ({ browser }) => {
  const context = await browser.newContext();
  const staff = await context.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Policies");
  const row = staff.locator("tr").filter({ hasText: "Code of conduct for mentors" });
  const before = Number(await row.locator("td").nth(2).textContent());
  await row.getByRole("link").click();
  await hydrated(staff);
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Edit a policy");

  // A bad edit keeps what was typed; a correction saves a version that asks nobody again.
  const text = staff.getByLabel("Text", { exact: true });
  const kept = `${await text.inputValue()}\n\nQuestions about this code: ask the Tandem team (${Date.now()}).`;
  await text.fill(kept);
  await staff.getByLabel("Title", { exact: true }).fill("");
  await staff.getByRole("button", { name: "Save a new version" }).click();
  await expect(staff.locator(".field-invalid").filter({ hasText: "Enter the question or title" })).toBeVisible();
  await expect(text).toHaveValue(kept);
  await expect(staff.getByLabel("Ask every mentor to accept this version")).not.toBeChecked();
  await staff.getByLabel("Title", { exact: true }).fill("Code of conduct for mentors");
  await staff.getByRole("button", { name: "Save a new version" }).click();
  await expect(staff.getByRole("status").filter({ hasText: `Saved. People now read version ${before + 1}.` })).toBeVisible();
  const newest = staff.getByRole("table").locator("tbody tr").first();
  await expect(newest).toContainText("by Sam Whitfield");
  await expect(newest).not.toContainText("mentors asked to accept it");
  await expect(staff.getByRole("table").locator("tbody tr").last()).toContainText("mentors asked to accept it");

  // Marcus accepted the policies when he joined; a correction leaves that standing.
  await staff.goto("/admin/mentors?filter=approved&name=Marcus");
  await staff.getByRole("link", { name: "Marcus Lee" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Marcus Lee");
  await expect(staff.getByRole("heading", { level: 2, name: "Policies accepted" })).toBeVisible();
  const accepted = staff.getByRole("table", { name: "Policies accepted, newest first" });
  for (const title of ["Safeguarding children and adults policy", "Code of conduct for mentors", "Gifts and hospitality policy"]) {
    await expect(accepted.locator("tr").filter({ hasText: title })).toContainText("Yes");
  }
  await context.close();
});

test("the gifts page shows the policy and warns above the limit as the value is typed", async ({ page }) => {
  await signIn(page, "marcus.lee@example.org");
  await page.goto("/gifts");
  await hydrated(page);
  await page.getByText(/Read the gifts and hospitality policy/).click();
  await expect(page.locator("details.policy-details")).toContainText("UK Bribery Act 2010");
  const warning = page.getByText("This is worth more than £25");
  await expect(warning).toBeHidden();
  await page.getByLabel("Value in pounds").fill("40");
  await expect(warning).toBeVisible();
  await page.getByLabel("Value in pounds").fill("12.50");
  await expect(warning).toBeHidden();
});

test("only mentors accept policies, and only staff edit them", async ({ page, consoleErrors }) => {
  await signIn(page, "jordan.ellis@example.org");
  await page.goto("/policies/accept");
  await expect(page.getByText("You are not asked to accept anything")).toBeVisible();
  const res = await page.goto("/admin/policies");
  expect(res?.status()).toBe(403);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toHaveCount(0);
  expectBrowserStatusMessage(consoleErrors, 403);
});

for (const width of [390, 1280]) {
  test(`the policies, the acceptance page and the editor pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, "/policies");
    await expectAccessible(page, "/policies/safeguarding");
    // Amara has not accepted them yet: the page lists all three with the form.
    await signIn(page, "amara.okafor@example.org");
    await expectAccessible(page, "/policies/accept");
    await expect(page.getByRole("button", { name: "Accept and continue" })).toBeVisible();
    await expectAccessible(page, "/gifts");
    await signIn(page, "staff@tandem.example");
    await expectAccessible(page, "/admin/policies");
    await page.getByRole("link", { name: "Gifts and hospitality policy" }).click();
    await expectAccessible(page, page.url());
  });
}
