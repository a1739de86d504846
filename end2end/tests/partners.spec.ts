import { test, expect, signIn } from "./fixtures";

test("an employer lead sees their employees who mentor in aggregate, and no young person", async ({ page }) => {
  await signIn(page, "lead@brightwater.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Brightwater Engineering");
  await expect(page.getByRole("heading", { name: "Your employees who mentor" })).toBeVisible();
  const stat = (label: string) => page.locator("li.stat").filter({ hasText: label }).locator(".stat-value");
  // Everyone in the organisation but the lead is an employee who mentors.
  const people = Number(((await page.getByRole("heading", { name: /^Your people \(\d+\)$/ }).innerText()).match(/\d+/) ?? ["0"])[0]);
  expect(people).toBeGreaterThan(0);
  await expect(stat("Registered")).toHaveText(String(people));
  // Whole hours read as whole numbers ("3", not "3.0"), others to one decimal.
  await expect(stat("Hours of mentoring given")).toHaveText(/^\d+(\.\d)?$/);
  const steps = page.locator("table").filter({ has: page.locator("caption", { hasText: "Employees at each step" }) });
  await expect(steps.locator("tbody tr")).toHaveCount(7);
  await expect(steps.locator("tbody tr").first()).toContainText(`Registered${people}100%`);
  for (const young of ["Leah Carter", "Kofi Asante", "Jordan Ellis", "Maya Patel"]) {
    await expect(page.getByText(young)).toHaveCount(0);
  }
});
