import { Browser, Page } from "@playwright/test";
import { test, expect, hydrated, signIn } from "./fixtures";

// What people see around each action: audiences, phones, stale status, plain words.

async function as(browser: Browser, email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const phone = { width: 390, height: 844 };

test("inductions are offered and booked by age band and institution only", async ({ browser }) => {
  // Maya is a 16-year-old Northfield pupil: her school's induction, never the adults' one.
  const maya = await as(browser, "maya.patel@northfield.example");
  await maya.goto("/workshops");
  await hydrated(maya);
  await expect(maya.getByRole("heading", { level: 1 })).toHaveText("Induction sessions");
  await expect(maya.locator(".workshop", { hasText: "Induction at Northfield Academy" })).toContainText(
    "For young people under 18, pupils of Northfield Academy",
  );
  await expect(maya.locator(".workshop", { hasText: "Online induction for 18 to 25 year olds" })).toHaveCount(0);

  // Jordan is 19 and not a pupil: the adults' induction only.
  const jordan = await as(browser, "jordan.ellis@example.org");
  await jordan.goto("/workshops");
  await hydrated(jordan);
  const adults = jordan.locator(".workshop", { hasText: "Online induction for 18 to 25 year olds" });
  await expect(adults).toContainText("For young people aged 18 to 25");
  await expect(jordan.locator(".workshop", { hasText: "Induction at Northfield Academy" })).toHaveCount(0);

  // The server refuses a booking outside the audience, whatever the page offered.
  const adultsId = await adults.locator("input[name=workshop_id]").getAttribute("value");
  const refused = await maya.request.post("/api/book_workshop", { form: { workshop_id: adultsId! } });
  const body = await refused.text();
  expect(body).toContain("Invalid");
  expect(body).toContain("for young people aged 18 to 25");
  await maya.context().close();
  await jordan.context().close();
});

test("every table reads on a 390 px phone with its actions on screen", async ({ browser }) => {
  const pages: [string, string[]][] = [
    ["coordinator@northfield.example", ["/dashboard"]],
    ["staff@tandem.example", ["/admin/mentors", "/admin/gifts", "/admin/users", "/admin/workshops", "/admin/relationships"]],
    ["dsl@tandem.example", ["/safeguarding", "/admin/audit"]],
  ];
  for (const [email, paths] of pages) {
    const page = await as(browser, email, phone);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path}: no sideways scroll`).toBeLessThanOrEqual(0);
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll("table a, table button, table td")]
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0 && r.right > window.innerWidth + 1).length,
      );
      expect(cut, `${path}: every cell and action inside the screen`).toBe(0);
    }
    // One mentor's review (the reason list made it 515 px wide).
    if (email === "staff@tandem.example") {
      await page.goto("/admin/mentors");
      await page.locator("table a").first().click();
      await expect(page).toHaveURL(/\/admin\/mentors\/\d+$/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "a mentor's review: no sideways scroll").toBeLessThanOrEqual(0);
    }
    await page.context().close();
  }
});

test("a concern names the reporter's match; the DSL links an unnamed one; a reload is one view", async ({
  browser,
}) => {
  // From the header, Ruth is asked who it is about and can name her match.
  const ruth = await as(browser, "ruth.bennett@example.org");
  await ruth.getByRole("link", { name: "Report a concern" }).first().click();
  await hydrated(ruth);
  await expect(ruth.getByRole("group", { name: "Who is it about?" })).toBeVisible();
  await expect(ruth.getByLabel("Someone else, or not about my match")).toBeChecked();
  await ruth.getByLabel("My match with Kofi").check();
  await ruth.getByLabel("Something else that worries me").check();
  await ruth.getByLabel("Soon: within two working days").check();
  await ruth.getByLabel("What was said or seen?").fill(`Kofi said he is not sleeping (${Date.now()})`);
  await ruth.getByLabel("When did it happen?").fill(new Date().toISOString().slice(0, 10));
  await ruth.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  const reference = ((await ruth.getByRole("status").locator("h2").textContent()) ?? "").match(/SG-\d{6}/)![0];

  // A young person without a match is not asked.
  const jordan = await as(browser, "jordan.ellis@example.org");
  await jordan.goto("/concern");
  await hydrated(jordan);
  await expect(jordan.getByRole("group", { name: "Who is it about?" })).toHaveCount(0);

  const dsl = await as(browser, "dsl@tandem.example");
  await dsl.goto("/safeguarding");
  await hydrated(dsl);
  await expect(dsl.locator("tr", { hasText: reference })).toContainText("Kofi Asante");
  // Jordan's report names nobody: the DSL links it from the case file.
  await jordan.getByLabel("Something else that worries me").check();
  await jordan.getByLabel("Soon: within two working days").check();
  await jordan.getByLabel("What was said or seen?").fill("A friend of mine in the programme seems very low.");
  await jordan.getByLabel("When did it happen?").fill(new Date().toISOString().slice(0, 10));
  await jordan.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  const unlinked = ((await jordan.getByRole("status").locator("h2").textContent()) ?? "").match(/SG-\d{6}/)![0];
  await dsl.goto("/safeguarding");
  await hydrated(dsl);
  await dsl.getByRole("link", { name: unlinked }).click();
  await hydrated(dsl);
  await dsl.getByLabel("Email address of the young person or mentor").fill("leah.carter@example.net");
  await dsl.getByRole("button", { name: "Link" }).click();
  await expect(dsl.getByRole("status").filter({ hasText: "Linked to Leah Carter" })).toBeVisible();
  await expect(dsl.locator(".chronology")).toContainText("Linked to Leah Carter");
  await expect(dsl.getByText(/^Young person: /)).toBeVisible();
  // Reloading the case adds no line to who has opened it.
  const views = dsl.locator("h2:has-text('Who has opened this case') + ul li");
  const before = await views.count();
  await dsl.reload();
  await hydrated(dsl);
  await expect(views).toHaveCount(before);
  for (const p of [ruth, jordan, dsl]) await p.context().close();
});

test("status follows the data: check-ins, matched steps, plan months, certificate, messages link", async ({
  browser,
}) => {
  // Kofi is matched: getting matched is done, his sessions are next, linked to his match.
  const kofi = await as(browser, "kofi.asante@northfield.example");
  await expect(kofi.locator(".step-done", { hasText: "Get matched" })).toBeVisible();
  const sessions = kofi.locator(".step", { hasText: "Monthly sessions with Ruth" });
  await expect(sessions).toBeVisible();
  await expect(sessions.getByRole("link")).toHaveAttribute("href", /^\/match\/\d+$/);
  await expect(kofi.locator(".step").getByText("Meet your mentor", { exact: true })).toHaveCount(0);
  // /messages takes him to his match's messages.
  await kofi.goto("/messages");
  await expect(kofi).toHaveURL(/\/match\/\d+#messages$/);
  await hydrated(kofi);
  // No plan month is "due this month": the one under way says when it ends.
  await expect(kofi.locator(".plan-status", { hasText: "Due this month" })).toHaveCount(0);
  await expect(kofi.locator(".plan-dates").first()).toHaveText(/^\d+ \w+ to \d+ \w+$/);

  // Amara has not finished training: the certificate page says where she stands.
  const amara = await as(browser, "amara.okafor@example.org");
  await amara.goto("/certificate.pdf");
  await expect(amara).toHaveURL(/\/certificate$/);
  await expect(amara.getByRole("heading", { level: 1 })).toHaveText("Your certificate");
  await expect(amara.locator(".summary-list")).toContainText("Mentor workshop");
  for (const p of [kofi, amara]) await p.context().close();
});

test("people see names and plain words, not keys", async ({ browser }) => {
  // The audit log names people and says what happened.
  const staff = await as(browser, "staff@tandem.example");
  await staff.goto("/admin/audit");
  await hydrated(staff);
  const log = staff.locator("table");
  await expect(log).toContainText("Signed in");
  await expect(log).not.toContainText("user:");
  await expect(log).not.toContainText(/Account \d+/);
  await expect(log).not.toContainText("login.success");

  // People: newest first by when they joined, searchable by name, names are links.
  await staff.goto("/admin/users");
  await hydrated(staff);
  await staff.getByLabel("Name contains").fill("asante");
  await staff.getByRole("button", { name: "Filter" }).click();
  await expect(staff).toHaveURL(/name=asante/);
  const rows = staff.locator("table tbody tr");
  await expect(rows.first()).toContainText("Kofi Asante");
  await expect(rows.first().getByRole("link", { name: "Kofi Asante" })).toBeVisible();
  // The staff dashboard counts people in the plural.
  await staff.goto("/dashboard");
  await expect(staff.locator(".stat-label", { hasText: "Young people" })).toBeVisible();
  await expect(staff.locator(".stat-label", { hasText: /^Young person$/ })).toHaveCount(0);

  // Kofi reads why he was matched in his own words, without the engine's bookkeeping.
  const kofi = await as(browser, "kofi.asante@northfield.example");
  const reasons = kofi.locator(".match-card .reasons");
  await expect(reasons).not.toContainText("Waiting");
  await expect(reasons).not.toContainText(/Covers \d+ of \d+/);
  await expect(reasons).toContainText(/You|your/);

  // The impact heading says which filter is on; an empty selection says so.
  await staff.goto("/reports/impact?year=2001");
  await hydrated(staff);
  await expect(staff.getByRole("heading", { name: /^Impact: / })).toContainText("evaluated in 2001");
  await expect(staff.getByText(/^No pairs yet/)).toBeVisible();
  const csv = await staff.request.get("/reports/impact.csv?year=2001");
  expect(await csv.text()).toContain("No pairs in this selection have both evaluations yet");
  for (const p of [staff, kofi]) await p.context().close();
});

test("staff create a safeguarding lead's account without a date of birth", async ({ browser }) => {
  const staff = await as(browser, "staff@tandem.example");
  await staff.goto("/admin/users");
  await hydrated(staff);
  const form = staff.locator("form", { has: staff.getByRole("button", { name: "Create account" }) });
  await expect(form.getByLabel(/Date of birth/)).toHaveCount(0);
  const email = `dsl.${Date.now()}@tandem.example`;
  await form.getByLabel("Full name").fill("Nadia Rahman");
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role").selectOption({ label: "Designated Safeguarding Lead" });
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Account created for Nadia Rahman" })).toContainText(email);
  await staff.context().close();
});

test("an employer's lead sees employees, not pupils; a coordinator sees each pupil's mentor", async ({ browser }) => {
  const lead = await as(browser, "lead@brightwater.example");
  await expect(lead.locator(".lead")).toContainText("lead for the employees who mentor");
  await expect(lead.getByText("Mentoring Coordinator (Employer)")).toHaveCount(0);
  await expect(lead.locator(".role-badge")).toHaveText("Employer lead");
  await expect(lead.getByRole("link", { name: "Messages to pass on" })).toHaveCount(0);
  await expect(lead.getByRole("columnheader", { name: "Age" })).toHaveCount(0);
  await expect(lead.locator(".stat-value").last()).not.toHaveText("0.0");

  const coordinator = await as(browser, "coordinator@northfield.example");
  const kofi = coordinator.locator("tr", { hasText: "Kofi Asante" });
  await expect(kofi).toContainText("Matched since");
  await kofi.getByRole("link", { name: "Ruth" }).click();
  await expect(coordinator).toHaveURL(/\/match\/\d+$/);
  await hydrated(coordinator);
  await expect(coordinator.getByRole("heading", { level: 1 })).toContainText("Kofi");
  for (const p of [lead, coordinator]) await p.context().close();
});

test("a gift over the limit says what to do next", async ({ page }) => {
  await signIn(page, "ruth.bennett@example.org");
  await page.goto("/gifts");
  await hydrated(page);
  await page.getByLabel("I received it").check();
  await page.getByLabel("What was it?").fill(`A designer watch ${Date.now()}`);
  await page.getByLabel("Value in pounds").fill("60");
  await page.getByLabel("Date").fill(new Date().toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Declare" }).click();
  const said = page.getByRole("status").filter({ hasText: "worth more than £25" });
  await expect(said).toContainText("hand it back politely");
  await expect(said).toBeFocused();
});
