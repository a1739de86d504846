import { test, expect, hydrated, signIn, expectAccessible } from "./fixtures";

// The opportunities board: an employer partner posts, staff publish, young people see what
// fits them first and say they are interested; an under-18's interest goes to their
// Mentoring Coordinator; a mentor recommends one to their mentee.

test("an employer posts, staff publish, and a young adult's interest reaches the employer", async ({ browser }) => {
  test.setTimeout(150_000);
  const stamp = Date.now();
  const title = `Site visit ${stamp}`;
  const lead = await (await browser.newContext()).newPage();
  await signIn(lead, "lead@brightwater.example");
  await lead.getByRole("navigation").getByRole("link", { name: "Opportunities", exact: true }).click();
  await lead.getByRole("link", { name: "Post an opportunity" }).click();
  await hydrated(lead);
  await lead.getByRole("button", { name: "Send for approval" }).click();
  // Checked in the browser first.
  await expect(lead.locator(".error-summary")).toContainText("Enter a title of at least 3 characters");
  await expect(lead.locator(".error-summary")).toContainText("Enter the closing date");
  await lead.getByLabel("Title", { exact: true }).fill(title);
  await lead.getByLabel("What kind of opportunity is it?").selectOption("work_experience");
  await lead.getByLabel("What it involves").fill("Three days with our site team, with safety kit and lunch provided.");
  await lead.getByLabel("Region").selectOption("Yorkshire and the Humber");
  await lead.getByLabel("Youngest age").fill("18");
  const closes = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await lead.getByLabel("Closing date").fill(closes);
  await lead.getByLabel("Career advice and guidance").check();
  await lead.getByRole("button", { name: "Send for approval" }).click();
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(lead.getByRole("status")).toContainText("The programme team checks every opportunity");
  await expect(lead.getByText("Waiting for approval")).toBeVisible();

  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/admin/opportunities");
  await staff.getByRole("link", { name: title }).click();
  await hydrated(staff);
  await staff.getByRole("button", { name: "Publish it" }).click();
  await expect(staff.getByText("Waiting for approval")).toHaveCount(0);

  const leah = await (await browser.newContext()).newPage();
  await signIn(leah, "leah.carter@example.net");
  await leah.goto("/opportunities");
  // Her region and goals: suggested first.
  const suggested = leah.locator("h2:has-text('Suggested for you') + p + ul");
  await expect(suggested.getByRole("link", { name: title })).toBeVisible();
  await suggested.getByRole("link", { name: title }).click();
  await hydrated(leah);
  await leah.getByLabel(/see my name and email address/).check();
  await leah.getByRole("button", { name: "I'm interested" }).click();
  await expect(leah.getByText("can see your name and email address")).toBeVisible();

  await lead.reload();
  const table = lead.getByRole("table", { name: "Young people who shared their details with you" });
  await expect(table).toContainText("leah.carter@example.net");
  await table.getByRole("button", { name: "Mark taken up" }).click();
  await expect(table).toContainText("Yes");
  // The employer's own take-up is in their impact report.
  await lead.goto("/reports/impact");
  const takeUp = lead.getByRole("table", { name: "Take-up per partner and overall" });
  await expect(takeUp.getByRole("row").filter({ hasText: "Brightwater Engineering" })).toBeVisible();
  await expect(takeUp.getByRole("row").filter({ hasText: "Tandem" })).toHaveCount(0);
  for (const p of [lead, staff, leah]) await p.context().close();
});

test("an under-18 asks their coordinator, never the employer; the coordinator marks it taken up", async ({ browser }) => {
  test.setTimeout(120_000);
  const kofi = await (await browser.newContext()).newPage();
  await signIn(kofi, "kofi.asante@northfield.example");
  await kofi.goto("/opportunities");
  await expect(kofi.getByText("Employers never see your details")).toBeVisible();
  // The internship is for 18 and over: not on his board at all.
  await expect(kofi.getByRole("link", { name: "Summer internship in civil engineering" })).toHaveCount(0);
  await kofi.getByRole("link", { name: "Online careers fair: meet 30 employers" }).first().click();
  await hydrated(kofi);
  await expect(kofi.getByLabel(/see my name and email address/)).toHaveCount(0);
  await kofi.getByRole("button", { name: "Ask my coordinator about this" }).click();
  await expect(kofi.getByText("Your Mentoring Coordinator has been told")).toBeVisible();

  const helen = await (await browser.newContext()).newPage();
  await signIn(helen, "coordinator@northfield.example");
  await helen.goto("/opportunities");
  const row = helen.getByRole("row").filter({ hasText: "Online careers fair" }).filter({ hasText: "Kofi Asante" });
  await expect(row).toBeVisible();
  await hydrated(helen);
  await row.getByRole("button", { name: "Mark taken up" }).click();
  await expect(row).toContainText("Yes");
  for (const p of [kofi, helen]) await p.context().close();
});

test("a mentor recommends an opportunity to his mentee, who sees the recommendation and its note", async ({ browser }) => {
  const marcus = await (await browser.newContext()).newPage();
  await signIn(marcus, "marcus.lee@example.org");
  await marcus.goto("/opportunities");
  await marcus.getByRole("link", { name: "Online careers fair: meet 30 employers" }).click();
  await hydrated(marcus);
  // His current mentee (earlier journeys may have matched him again).
  const heading = await marcus.getByRole("heading", { name: /^Recommend it to / }).textContent();
  const mentee = (heading ?? "").replace("Recommend it to ", "");
  await marcus.getByLabel("A note (optional)").fill("Bring the questions we talked about.");
  await marcus.getByRole("button", { name: `Recommend to ${mentee}` }).click();
  await expect(marcus.getByRole("status")).toHaveText(`${mentee} has been told.`);
  await expect(marcus.getByText(`You recommended this to ${mentee}.`)).toBeVisible();

  // Leah sees the internship Marcus recommended her (the demo's), with his note.
  const leah = await (await browser.newContext()).newPage();
  await signIn(leah, "leah.carter@example.net");
  await leah.goto("/opportunities");
  await leah.getByRole("link", { name: "Summer internship in civil engineering" }).click();
  await expect(leah.getByText("Your mentor Marcus recommends this to you.")).toBeVisible();
  await expect(leah.getByText("this looks like a good way in")).toBeVisible();
  for (const p of [marcus, leah]) await p.context().close();
});

for (const width of [390, 1280]) {
  test(`the board, an opportunity, the posting form and the staff page pass axe at ${width} px`, async ({ browser }) => {
    test.setTimeout(120_000);
    const young = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(young, "leah.carter@example.net");
    await expectAccessible(young, "/opportunities");
    await young.getByRole("link", { name: "Summer internship in civil engineering" }).first().click();
    await expectAccessible(young, young.url().replace(/^https?:\/\/[^/]+/, ""));
    await young.context().close();
    const lead = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(lead, "lead@brightwater.example");
    await expectAccessible(lead, "/opportunities/new");
    await expectAccessible(lead, "/opportunities");
    await lead.context().close();
    const staff = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await signIn(staff, "staff@tandem.example");
    await expectAccessible(staff, "/admin/opportunities");
    await staff.context().close();
  });
}
