import { test, expect, hydrated, signIn, expectAccessible } from "./fixtures";

// Get involved: become a mentor, partner with the programme, offer something in kind, and
// share Tandem with a link that counts who it brings. Offers reach the team's queue with the
// organisation's details; staff see what sharing and each partner brought.

test("without JavaScript, a partnership offer with a mistake keeps what was typed, then is confirmed", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Get involved", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Get involved");
  await expect(page.getByRole("link", { name: "Sign up as a mentor" })).toHaveAttribute("href", "/register?role=mentor");
  // No donation page is configured in the test run: no donation section.
  await expect(page.getByRole("heading", { name: "Donate" })).toHaveCount(0);
  await page.getByRole("link", { name: "Tell us about your organisation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partner with us");

  const stamp = Date.now();
  await page.getByLabel("Your full name").fill("Katherine Johnson");
  await page.getByLabel("Your email address").fill(`katherine.${stamp}@eastgate.example`);
  await page.getByLabel("Your organisation's name").fill(`Eastgate Hub ${stamp}`);
  await page.getByLabel("What kind of organisation is it?").selectOption("community_group");
  await page.getByLabel("How many people does it have?").selectOption("50_249");
  await page.getByLabel("How would you like to work with us?").fill("Our young members would love mentors.");
  await page.getByRole("button", { name: "Send to the partnerships team" }).click();
  await expect(page.locator(".error-summary")).toContainText("Choose the region where you are");
  await expect(page.getByLabel("Your organisation's name")).toHaveValue(`Eastgate Hub ${stamp}`);
  await expect(page.getByLabel("What kind of organisation is it?")).toHaveValue("community_group");
  await expect(page.getByLabel("How many people does it have?")).toHaveValue("50_249");
  await expect(page.getByLabel("How would you like to work with us?")).toHaveValue("Our young members would love mentors.");

  await page.getByLabel("Region").selectOption("North West");
  await page.getByRole("button", { name: "Send to the partnerships team" }).click();
  await expect(page.getByRole("status")).toContainText("your message is with the team");
  await expect(page.getByLabel("Your organisation's name")).toHaveValue("");
  await context.close();
});

test("an offer in kind reaches the staff queue with what is offered", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const visitor = await browser.newPage();
  await visitor.goto("/get-involved/in-kind");
  await hydrated(visitor);
  await visitor.getByLabel("Your full name").fill("Ada Lovelace");
  await visitor.getByLabel("Your email address").fill(`ada.${stamp}@example.com`);
  await visitor.getByLabel("Tell us more").fill(`Ten laptops for young people (${stamp}).`);
  await visitor.getByLabel("Region").selectOption("London");
  await visitor.getByRole("button", { name: "Send the offer" }).click();
  // Checked in the browser first: nothing ticked.
  await expect(visitor.locator(".error-summary")).toContainText("Choose at least one thing you can offer");
  await visitor.getByLabel(/^Equipment/).check();
  await visitor.getByRole("button", { name: "Send the offer" }).click();
  await expect(visitor.getByRole("status")).toContainText("your message is with the team");
  await expect(visitor.getByLabel("Tell us more")).toHaveValue("");
  await visitor.close();

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/admin/enquiries");
  const row = staff.getByRole("row").filter({ hasText: `(${stamp})` });
  await expect(row).toContainText("An offer in kind");
  await expect(row).toContainText("London");
  await row.getByRole("link", { name: "Ada Lovelace" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Ada Lovelace: An offer in kind");
  await expect(staff.locator("dl.summary-list")).toContainText("Equipment");
  await expect(staff.getByText(`Ten laptops for young people (${stamp}).`)).toBeVisible();
  await staffContext.close();
});

test("a mentor shares his link; a young person who joins through it is counted for him", async ({ browser }) => {
  test.setTimeout(120_000);
  // A phone with a share sheet: the link goes to it.
  const phoneContext = await browser.newContext();
  await phoneContext.addInitScript(() => {
    Object.defineProperty(navigator, "share", {
      value: (data: ShareData) => {
        (window as unknown as { shared: ShareData }).shared = data;
        return Promise.resolve();
      },
    });
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, "marcus.lee@example.org");
  await phone.goto("/get-involved");
  await hydrated(phone);
  const link = phone.getByLabel("Your link");
  const url = await link.inputValue();
  expect(url).toMatch(/\/register\?ref=[A-Z2-9]{8}$/);
  await phone.getByRole("button", { name: "Share the link" }).click();
  await expect.poll(() => phone.evaluate(() => (window as unknown as { shared?: ShareData }).shared?.url)).toBe(url);
  await phoneContext.close();

  // A computer without one: the link is copied.
  const desktopContext = await browser.newContext();
  await desktopContext.grantPermissions(["clipboard-read", "clipboard-write"]);
  await desktopContext.addInitScript(() => {
    Object.defineProperty(navigator, "share", { value: undefined });
  });
  const desktop = await desktopContext.newPage();
  await signIn(desktop, "marcus.lee@example.org");
  await desktop.goto("/get-involved");
  await hydrated(desktop);
  expect(await desktop.getByLabel("Your link").inputValue()).toBe(url);
  await desktop.getByRole("button", { name: "Share the link" }).click();
  await expect(desktop.getByText("Link copied.")).toBeVisible();
  expect(await desktop.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await desktopContext.close();

  // A friend opens the link and joins.
  const friendContext = await browser.newContext();
  const friend = await friendContext.newPage();
  await friend.goto(new URL(url).pathname + new URL(url).search);
  await hydrated(friend);
  const stamp = Date.now();
  await friend.getByLabel("A young person").check();
  await friend.getByLabel("Full name").fill("Rosa Parkes");
  await friend.getByLabel("Email address").fill(`rosa.${stamp}@example.net`);
  await friend.getByLabel("Date of birth").fill("2005-06-01");
  await friend.getByLabel("Create a password").fill("orchard-lantern-58");
  await friend.getByRole("button", { name: "Create account" }).click();
  await expect(friend).toHaveURL(/\/dashboard$/);
  await friendContext.close();

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/admin/programme");
  await expect(staff.getByRole("heading", { name: "Sign-ups from sharing and partners" })).toBeVisible();
  const marcus = staff.getByRole("table", { name: "People whose links brought the most sign-ups" }).getByRole("row").filter({ hasText: "Marcus Lee" });
  await expect(marcus.getByRole("cell").last()).not.toHaveText("0");
  const partners = staff.getByRole("table", { name: "Sign-ups each partner brought" });
  await expect(partners.getByRole("row").filter({ hasText: "Eastgate Community Hub" })).toContainText("Community group");
  await expectAccessible(staff, "/admin/programme");
  await staffContext.close();
});

for (const width of [390, 1280]) {
  test(`the get-involved pages pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ["/get-involved", "/get-involved/partner", "/get-involved/in-kind", "/register?role=mentor&ref=ABCD2345"]) {
      await expectAccessible(page, path);
    }
  });
}
