import { test, expect, hydrated, signIn, expectAccessible } from "./fixtures";

// A class joins with its school's code: the address the coordinator hands out fills it in,
// the pupil lands in the school's cohort, and the coordinator sees the code's use.


function fifteenYearsAgo(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 15);
  d.setMonth(d.getMonth() - 2);
  return d.toISOString().slice(0, 10);
}

test("a pupil joins with the school's code and the coordinator sees it counted", async ({ page, browser }) => {
  await page.goto("/register?code=NORTHFIELD-26");
  await hydrated(page);
  const code = page.getByLabel("Join code (optional)");
  await expect(code).toHaveValue("NORTHFIELD-26");
  await page.getByLabel("A young person").check();
  await page.getByLabel("Full name").fill("Tia Okonjo");
  await page.getByLabel("Email address").fill(`tia.${Date.now()}@northfield.example`);
  await page.getByLabel("Date of birth").fill(fifteenYearsAgo());
  await page.getByLabel("Create a password").fill("harbour-lantern-61");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator(".lead").first()).toContainText("part of the Northfield Academy cohort");
  // The application starts with the school's code.
  await page.goto("/apply");
  await hydrated(page);
  await expect(page.getByLabel(/Join code/)).toHaveValue("NORTHFIELD-26");

  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordinator@northfield.example");
  await expect(coordinator.getByText(/\d+ sign-ups? with this code in the last hour, of up to 300 an hour/)).toBeVisible();
  await expect(coordinator.getByText("/register?code=NORTHFIELD-26")).toBeVisible();
  await expect(coordinator.locator("tr", { hasText: "Tia Okonjo" })).toContainText("Not yet");
  await coordinator.context().close();
});

test("a join code that is wrong, or given by a mentor, is shown next to the field with everything kept", async ({
  page,
}) => {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("A mentor").check();
  await page.getByLabel("Full name").fill("Owen Marsh");
  await page.getByLabel("Email address").fill(`owen.${Date.now()}@example.org`);
  await page.getByLabel("Date of birth").fill("1979-03-14");
  await page.getByLabel("Join code (optional)").fill("NORTHFIELD-26");
  await page.getByLabel("Create a password").fill("harbour-lantern-61");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#f-join_code-error")).toContainText("Join codes are for young people");
  await expect(page.getByLabel("Full name")).toHaveValue("Owen Marsh");
  await expect(page).toHaveURL(/\/register/);
  // Without the code the mentor joins.
  await page.getByLabel("Join code (optional)").fill("");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

for (const width of [390, 1280]) {
  test(`the join page and the coordinator's dashboard pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const check = (path: string) => expectAccessible(page, path);
    await check("/register?code=NORTHFIELD-26");
    await signIn(page, "coordinator@northfield.example");
    await check("/dashboard");
  });
}
