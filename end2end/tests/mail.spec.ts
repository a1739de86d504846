import { test, expect, hydrated, signIn, totp, mailDir, waitForMail, expectAccessible } from "./fixtures";

test.skip(!mailDir, "needs the SMTP sink that `cargo xtask test` starts");

test("staff create a coordinator, who sets a password from the emailed invitation and signs in", async ({
  page,
  browser,
}) => {
  await signIn(page, "staff@tandem.example");
  await page.goto("/admin/users");
  await hydrated(page);
  const email = `invited.${Date.now()}@riverside.example`;
  await page.getByLabel("Full name").fill("Noor Haddad");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption("coordinator");
  await page.getByLabel("Partner organisation").selectOption({ label: "Riverside Youth Trust" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`We have emailed ${email}`);

  // The invitation arrives over SMTP, as plain text and HTML, with the link in both.
  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Your Tandem account");
  const link = mail.text.match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]{64}/)?.[0];
  expect(link, mail.text).toBeTruthy();
  expect(mail.html).toContain(`href="${link}"`);

  // The coordinator, in their own browser, follows it and chooses a password.
  const context = await browser.newContext();
  const coordinator = await context.newPage();
  await coordinator.goto(new URL(link as string).pathname + new URL(link as string).search);
  await hydrated(coordinator);
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await coordinator.getByLabel("New password").fill("riverside-kettle-73");
  await coordinator.getByRole("button", { name: "Save password" }).click();
  await expect(coordinator).toHaveURL(/\/login\?reset=1$/);

  // First sign-in: the role needs two-step verification, set up on the spot.
  await hydrated(coordinator);
  await coordinator.getByLabel("Email address").fill(email);
  await coordinator.getByLabel("Password", { exact: true }).fill("riverside-kettle-73");
  await coordinator.getByRole("button", { name: "Sign in" }).click();
  await expect(coordinator).toHaveURL(/\/login\/verify\?ticket=/);
  await hydrated(coordinator);
  const secret = (await coordinator.locator("code.code").innerText()).replace(/\s+/g, "");
  await coordinator.getByLabel("Code", { exact: true }).fill(totp(secret));
  await coordinator.getByRole("button", { name: "Continue" }).click();
  await expect(coordinator).toHaveURL(/\/dashboard$/);
  await expect(coordinator.getByText("Mentoring Coordinator").first()).toBeVisible();
  await context.close();
});

test("a person chooses their optional emails and makes a calendar address", async ({ page }) => {
  await signIn(page, "amara.okafor@example.org");
  await page.goto("/account");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Emails you get" })).toBeVisible();
  const reminders = page.getByLabel("Reminders");
  await expect(reminders).toBeChecked();
  await expect(page.getByLabel("Community news")).not.toBeChecked();
  await expect(page.getByText("You cannot switch these off.")).toBeVisible();
  await reminders.uncheck();
  await page.getByRole("button", { name: "Save email choices" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your email choices are saved." })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Reminders")).not.toBeChecked();

  await page.getByRole("button", { name: "Make my calendar address" }).click();
  const url = await page.locator("code.feed-url").innerText();
  expect(url).toMatch(/\/calendar\/[0-9a-f]{64}\.ics$/);
  const feed = await page.request.get(new URL(url).pathname);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
  await expect(page.getByRole("button", { name: "Turn the calendar address off" })).toBeVisible();
});


for (const width of [390, 1280]) {
  test(`the email pages pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, "staff@tandem.example");
    for (const path of ["/admin/mail", "/account", "/unsubscribe?t=x&c=reminders", "/unsubscribe?done=reminders"]) {
      await expectAccessible(page, path);
    }
  });
}
