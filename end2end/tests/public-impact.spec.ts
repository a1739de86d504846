import { test, expect, expectAccessible, expectBrowserStatusMessage, hydrated } from "./fixtures";

// The public impact page: whole-programme figures anyone reads without signing in or
// JavaScript, each with its number of people, none about fewer than five; summarised on the
// home page.

test("anyone reads the programme's impact without JavaScript, from the home page", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  const summary = page.getByRole("region", { name: "Tandem so far" });
  await expect(summary).toBeVisible();
  await summary.getByRole("link", { name: /See our impact/ }).click();
  await expect(page).toHaveURL(/\/impact$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Our impact");
  await expect(page.getByText(/^What Tandem has done from \d+ \w+ \d{4} to \d+ \w+ \d{4}\.$/)).toBeVisible();
  await expect(page.getByText("no figure about fewer than 5 people is shown")).toBeVisible();
  for (const h of ["Mentoring so far", "How young people changed", "Training and inductions", "What young people want from mentoring"]) {
    await expect(page.getByRole("heading", { level: 2, name: h })).toBeVisible();
  }
  for (const theme of ["Empowerment", "Wellbeing", "Social connectedness"]) {
    await expect(page.getByRole("heading", { level: 3, name: theme, exact: true })).toBeVisible();
  }
  // The demo has two pairs mentoring: too few to show, and the page says so.
  const mentored = page.locator(".stat").filter({ hasText: "young people mentored" });
  await expect(mentored).toContainText("Not shown yet: fewer than 5 people so far");
  // Dozens of young people have applied: what they want is shown, largest share first.
  await expect(page.getByText(/^From \d+ applications; a young person may choose several\.$/)).toBeVisible();
  const wants = page.locator("ul.wants li");
  expect(await wants.count()).toBeGreaterThanOrEqual(3);
  const shares = (await wants.locator("strong").allInnerTexts()).map((s) => Number(s.replace("%", "")));
  expect(shares.every((s) => s >= 0 && s <= 100)).toBe(true);
  expect([...shares].sort((a, b) => b - a)).toEqual(shares);
  await page.getByRole("contentinfo").getByRole("link", { name: "Our impact" }).click();
  await expect(page).toHaveURL(/\/impact$/);
  await context.close();
});

for (const width of [390, 1280]) {
  test(`the impact page and the home page's summary pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, "/impact");
    await expectAccessible(page, "/");
  });
}

test("a follow-up link that is not ours says what to do instead", async ({ page, consoleErrors }) => {
  const res = await page.goto("/next-steps?token=not-a-real-token");
  expect(res?.status()).toBe(404);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Where are you now?");
  await expect(page.getByText("This link is not one we sent")).toBeVisible();
  await expectAccessible(page, "/next-steps?token=not-a-real-token");
  expectBrowserStatusMessage(consoleErrors, 404);
  expectBrowserStatusMessage(consoleErrors, 404);
});
