import { test, expect, expectBrowserStatusMessage, hydrated, signIn, expectAccessible } from "./fixtures";

// The help centre: the programme's common questions, readable by anyone without signing in
// or JavaScript, searchable with a plain form, and edited by staff as new versions.


test("anyone reads and searches the help centre without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Help and answers" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help");
  for (const q of ["Does it cost anything, and are mentors paid?", "Where should we meet?", "What if my mentee tells me something worrying?"]) {
    await expect(page.getByRole("heading", { level: 3, name: q })).toBeVisible();
  }
  const answers = page.locator("article.help-answer");
  const all = await answers.count();
  expect(all).toBeGreaterThanOrEqual(10);
  // The contents list jumps to an answer.
  await page.getByRole("navigation", { name: "Questions" }).getByRole("link", { name: "Where should we meet?" }).click();
  await expect(page).toHaveURL(/\/help#where-to-meet$/);
  await expect(page.locator("#where-to-meet")).toContainText("Never meet at either person's home.");

  // The search is a plain form: it works with no script at all.
  await page.getByLabel("Search the help centre").fill("bribery");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/help\?q=bribery$/);
  await expect(page.getByRole("status")).toContainText(`1 answer of ${all} found for “bribery”.`);
  await expect(answers).toHaveCount(1);
  await expect(answers.first()).toHaveAttribute("id", "gifts");
  await expect(page.getByLabel("Search the help centre")).toHaveValue("bribery");
  await page.getByLabel("Search the help centre").fill("helicopter lessons");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toContainText("No answers found for “helicopter lessons”.");
  await expect(answers).toHaveCount(0);
  await page.getByRole("link", { name: "Show every answer" }).click();
  await expect(answers).toHaveCount(all);
  await context.close();
});

test("the search works the same once the page's code has loaded, and the gifts page links its answer", async ({ page }) => {
  await page.goto("/help");
  await hydrated(page);
  await page.getByLabel("Search the help centre").fill("MEET home");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/help\?q=MEET\+home$/);
  await expect(page.locator("article.help-answer").first()).toHaveAttribute("id", "where-to-meet");
  await expect(page.getByRole("status")).toContainText("found for “MEET home”");

  await signIn(page, "ruth.bennett@example.org");
  await page.goto("/gifts");
  await hydrated(page);
  await page.getByRole("link", { name: "Read more about gifts and hospitality" }).click();
  await expect(page).toHaveURL(/\/help#gifts$/);
  await expect(page.locator("#gifts")).toContainText("UK Bribery Act 2010");
});

test("staff edit an answer as a new version; a bad edit keeps what was typed", async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Help centre", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Help centre");
  const row = staff.locator("tr").filter({ hasText: "Can we talk outside our sessions?" });
  const before = Number(await row.locator("td").nth(2).textContent());
  await row.getByRole("link").click();
  await hydrated(staff);
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Edit a help answer");

  const marker = `Ask your coordinator if you are unsure (${Date.now()}).`;
  const answer = staff.getByLabel("Answer");
  const kept = `${await answer.inputValue()}\n\n${marker}`;
  await answer.fill(kept);
  await staff.getByLabel("Question").fill("");
  await staff.getByRole("button", { name: "Save a new version" }).click();
  await expect(staff.locator(".field-invalid").filter({ hasText: "Enter the question or title" })).toBeVisible();
  await expect(answer).toHaveValue(kept);

  await staff.getByLabel("Question").fill("Can we talk outside our sessions?");
  await staff.getByRole("button", { name: "Save a new version" }).click();
  await expect(staff.getByRole("status").filter({ hasText: `Saved. People now see version ${before + 1}.` })).toBeVisible();
  const newest = staff.getByRole("table").filter({ hasText: "Version" }).locator("tbody tr").first();
  await expect(newest).toContainText(`${before + 1}`);
  await expect(newest).toContainText("by Sam Whitfield");
  await expect(staff.getByRole("table").locator("tbody tr").last()).toContainText("Tandem (as first published)");

  // Anyone signed out reads the new version straight away.
  const visitor = await browser.newPage();
  await visitor.goto("/help#contact-outside-sessions");
  await expect(visitor.locator("#contact-outside-sessions")).toContainText(marker);
  await visitor.close();
  await staffContext.close();
});

test("people other than staff cannot open the help editor", async ({ page, consoleErrors }) => {
  await signIn(page, "amara.okafor@example.org");
  const res = await page.goto("/admin/help");
  expect(res?.status()).toBe(403);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Help centre" })).toHaveCount(0);
  expectBrowserStatusMessage(consoleErrors, 403);
});

for (const width of [390, 1280]) {
  test(`the help centre and its editor pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const check = (path: string) => expectAccessible(page, path);
    await check("/help");
    await check("/help?q=gift");
    await signIn(page, "staff@tandem.example");
    await check("/admin/help");
    await page.getByRole("link", { name: "Where should we meet?" }).click();
    await check(page.url());
  });
}
