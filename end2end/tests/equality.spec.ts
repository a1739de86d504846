import { test, expect, hydrated, signIn, expectAccessible } from "./fixtures";

// Equality monitoring: an optional, separate section under a young person's application and
// a mentor's profile, every question with "Prefer not to say", its purpose and lawful basis
// beside it; staff see only counts of 5 or more on "Who we reach".

test("a young person answers under the application; the answers come back only to them", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "jordan.ellis@example.org");
  await page.goto("/apply");
  await hydrated(page);
  const section = page.getByRole("region", { name: "About you (optional)" });
  await expect(section).toContainText("never used to match you");
  await expect(section).toContainText("Lawful basis");
  await expect(section.getByLabel("Who do you work for")).toHaveCount(0); // a mentor's question
  await section.getByLabel("What is your ethnic group?").selectOption("white_irish");
  await section.getByLabel("What is your sex?").selectOption("prefer_not");
  await section.getByLabel(/eligible for free school meals/).selectOption("yes");
  await section.getByRole("button", { name: "Save these answers" }).click();
  await expect(section.getByRole("status")).toHaveText("Your answers are saved. Thank you.");
  await page.reload();
  await hydrated(page);
  await expect(section.getByLabel("What is your ethnic group?")).toHaveValue("white_irish");
  await expect(section.getByLabel("What is your sex?")).toHaveValue("prefer_not");
  await expect(section.getByLabel(/first in your family/)).toHaveValue("");
  // The privacy page explains why and on what basis.
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { name: "Equality monitoring" })).toBeVisible();
  await context.close();
});

test("without JavaScript, a mentor's answers save from the profile and the page says so", async ({ browser }) => {
  const scripted = await browser.newContext();
  const signInPage = await scripted.newPage();
  await signIn(signInPage, "amara.okafor@example.org");
  const state = await scripted.storageState();
  await scripted.close();
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await context.newPage();
  await page.goto("/profile");
  const section = page.getByRole("region", { name: "About you (optional)" });
  await expect(section.getByLabel(/free school meals/)).toHaveCount(0); // a young person's question
  await section.getByLabel("What is your employment status?").selectOption("retired");
  await section.getByLabel("Who do you work for").selectOption("public");
  await section.getByRole("button", { name: "Save these answers" }).click();
  await expect(page).toHaveURL(/\/profile\?equality=saved#equality-h$/);
  await expect(page.getByRole("status").filter({ hasText: "Your answers are saved" })).toBeVisible();
  await expect(page.getByLabel("What is your employment status?")).toHaveValue("retired");
  await expect(page.getByLabel("Who do you work for")).toHaveValue("public");
  await context.close();
});

test("staff see whom the programme reaches, in counts of five or more", async ({ page }) => {
  await signIn(page, "staff@tandem.example");
  await page.getByRole("navigation").getByRole("link", { name: "Who we reach" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Who we reach");
  for (const h of ["Young people", "Mentors", "Impact by group"]) {
    await expect(page.getByRole("heading", { level: 2, name: h })).toBeVisible();
  }
  const ethnic = page.getByRole("table", { name: "Ethnic group: young people", exact: true });
  await expect(ethnic.getByRole("row").filter({ hasText: "White" })).toContainText("fewer than 5");
  // Most of the demo's applicants have not answered: a group of 5 or more, counted.
  await expect(ethnic.getByRole("row").filter({ hasText: "Not answered" }).getByRole("cell").first()).toHaveText(/^\d+$/);
});

for (const width of [390, 1280]) {
  test(`the equality section and the reach report pass axe at ${width} px`, async ({ browser }) => {
    const young = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(young, "jordan.ellis@example.org");
    await expectAccessible(young, "/apply");
    await young.context().close();
    const mentor = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(mentor, "amara.okafor@example.org");
    await expectAccessible(mentor, "/profile");
    await mentor.context().close();
    const staff = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(staff, "staff@tandem.example");
    await expectAccessible(staff, "/admin/reach");
    await staff.context().close();
  });
}
