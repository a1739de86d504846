import { test, expect, hydrated, signIn } from "./fixtures";

// Forms that add a record nobody can take back empty themselves once it is sent, and move
// focus to the confirmation; a refused send keeps what was typed.

test("a gift declaration clears once it is in the register", async ({ page }) => {
  await signIn(page, "ruth.bennett@example.org");
  await page.goto("/gifts");
  await hydrated(page);
  const what = `Coffee after our session ${Date.now()}`;
  await page.getByLabel("I received it").check();
  await page.getByLabel("What was it?").fill(what);
  await page.getByLabel("Value in pounds").fill("lots");
  await page.getByLabel("Date").fill(new Date().toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Declare" }).click();
  // Refused: everything typed stays.
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.getByLabel("What was it?")).toHaveValue(what);
  await page.getByLabel("Value in pounds").fill("3.20");
  await page.getByRole("button", { name: "Declare" }).click();
  const done = page.getByRole("status").filter({ hasText: "it is in the register" });
  await expect(done).toBeFocused();
  await expect(page.getByLabel("What was it?")).toHaveValue("");
  await expect(page.getByLabel("Value in pounds")).toHaveValue("");
  await expect(page.getByLabel("I received it")).not.toBeChecked();
  await expect(page.locator("table")).toContainText(what);
});

test("a reference clears once it is recorded", async ({ page }) => {
  await signIn(page, "staff@tandem.example");
  await page.goto("/admin/mentors");
  await hydrated(page);
  await page.locator("table a").first().click();
  await expect(page).toHaveURL(/\/admin\/mentors\/\d+$/);
  await hydrated(page);
  await page.getByLabel("Referee's name").fill("Dana Whitfield");
  await page.getByLabel("How they know the applicant").fill("Line manager for 4 years");
  await page.getByRole("button", { name: "Record reference" }).click();
  await expect(page.locator("#f-outcome .error-message")).toBeVisible();
  await expect(page.getByLabel("Referee's name")).toHaveValue("Dana Whitfield");
  await page.getByLabel("Satisfactory", { exact: true }).check();
  await page.getByRole("button", { name: "Record reference" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reference recorded." })).toBeFocused();
  await expect(page.getByLabel("Referee's name")).toHaveValue("");
  await expect(page.getByLabel("How they know the applicant")).toHaveValue("");
  await expect(page.getByLabel("Satisfactory", { exact: true })).not.toBeChecked();
});
