import { test, expect, hydrated, signIn, mailDir, waitForMail, expectAccessible } from "./fixtures";

// Contact the team: anyone writes to the programme team, staff answer from their queue, and
// the person hears back by email and, with an account, in the app.


test("without JavaScript, a message with mistakes comes back with what was typed", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Contact the team" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact the team");
  // Safeguarding worries go elsewhere, and the page says where.
  await expect(page.getByRole("note")).toContainText("Don't use this form");
  await expect(page.getByRole("note").getByRole("link", { name: "Report a concern" })).toHaveAttribute("href", "/concern");

  await page.getByLabel("Your full name").fill("Grace Hopper");
  await page.getByLabel("Your email address").fill("not-an-email");
  await page.getByLabel("Your message").fill("We are a school and would like to join the programme.");
  await page.getByRole("button", { name: "Send to the team" }).click();
  await expect(page.locator(".error-summary")).toContainText("Choose what your message is about");
  await expect(page.locator(".error-summary")).toContainText("correct format");
  await expect(page.getByLabel("Your full name")).toHaveValue("Grace Hopper");
  await expect(page.getByLabel("Your email address")).toHaveValue("not-an-email");
  await expect(page.getByLabel("Your message")).toHaveValue("We are a school and would like to join the programme.");
  await context.close();
});

test("a visitor and a young person write; staff answer both; each hears back", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const visitorEmail = `grace.${stamp}@school.example`;

  // A visitor, once the page's code has loaded.
  const visitor = await browser.newPage();
  await visitor.goto("/contact");
  await hydrated(visitor);
  await visitor.getByLabel("Your full name").fill("Grace Hopper");
  await visitor.getByLabel("Your email address").fill(visitorEmail);
  await visitor.getByLabel("What is it about?").selectOption("partnership");
  await visitor.getByLabel("Your message").fill(`Our school would like to join (${stamp}).`);
  await visitor.getByRole("button", { name: "Send to the team" }).click();
  await expect(visitor.getByRole("status")).toContainText("your message is with the team");
  await expect(visitor.getByLabel("Your message")).toHaveValue("");
  await visitor.close();

  // A young person, signed in: no name or address to type.
  const ypContext = await browser.newContext();
  const yp = await ypContext.newPage();
  await signIn(yp, "jordan.ellis@example.org");
  await yp.goto("/contact");
  await hydrated(yp);
  await expect(yp.getByLabel("Your email address")).toHaveCount(0);
  await yp.getByLabel("What is it about?").selectOption("match");
  await yp.getByLabel("Your message").fill(`When will I hear about my mentor? (${stamp})`);
  await yp.getByRole("button", { name: "Send to the team" }).click();
  await expect(yp.getByRole("status").filter({ hasText: "your message is with the team" })).toBeVisible();
  const thread = yp.locator("article").filter({ hasText: `When will I hear about my mentor? (${stamp})` });
  await expect(thread).toContainText("Waiting for the team");

  // Staff see both in the open queue and answer.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Messages to the team" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Messages to the team");
  await expect(staff.locator("tr").filter({ hasText: `Our school would like to join (${stamp}).` })).toContainText("(no account)");
  await staff.locator("tr").filter({ hasText: `When will I hear about my mentor? (${stamp})` }).getByRole("link").click();
  await hydrated(staff);
  await staff.getByRole("button", { name: "Send the answer" }).click();
  await expect(staff.locator(".field-invalid").filter({ hasText: "Enter your message" })).toBeVisible();
  await staff.getByLabel("Your answer").fill("We are looking for your mentor now: expect news within two weeks.");
  await staff.getByRole("button", { name: "Send the answer" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Sent." })).toBeVisible();
  await expect(staff.locator(".thread-team")).toContainText("expect news within two weeks");

  await staff.goto("/admin/enquiries?status=open");
  await staff.locator("tr").filter({ hasText: `Our school would like to join (${stamp}).` }).getByRole("link").click();
  await hydrated(staff);
  await staff.getByLabel("Your answer").fill("Thank you: our partnerships lead will call you this week.");
  await staff.getByLabel("Close the conversation with this answer").check();
  await staff.getByRole("button", { name: "Send the answer" }).click();
  await expect(staff.getByText("Closed", { exact: true })).toBeVisible();

  // The young person reads the answer in the app.
  await yp.reload();
  await hydrated(yp);
  await expect(thread).toContainText("Answered");
  await expect(thread).toContainText("Sam from the Tandem team");
  await expect(thread).toContainText("expect news within two weeks");

  // Both hear back by email, through the real SMTP server.
  if (mailDir) {
    const toVisitor = await waitForMail(visitorEmail, /answered your message/);
    expect(toVisitor.text).toContain("our partnerships lead will call you this week");
    const toYp = await waitForMail("jordan.ellis@example.org", /answered your message/);
    expect(toYp.text).toMatch(/\/contact#enquiry-\d+/);
  }
  await ypContext.close();
  await staffContext.close();
});

for (const width of [390, 1280]) {
  test(`the contact page and the staff queue pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const check = (path: string) => expectAccessible(page, path);
    await check("/contact");
    await signIn(page, "staff@tandem.example");
    await check("/admin/enquiries?status=open");
    await check("/admin/enquiries?status=closed");
    await check("/contact");
  });
}
