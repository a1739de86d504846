import { test, expect, hydrated, signIn, register, expectBrowserStatusMessage } from "./fixtures";
import { Browser, Page } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";

/**
 * The right answer to each quiz question, read from the course the migration installs, so
 * the test answers like a mentor who did the reading (and stays right if content changes).
 */
function quizAnswers(): Map<string, string> {
  const src = fs.readFileSync(path.join(__dirname, "../../migrations/src/course_content.rs"), "utf8");
  const answers = new Map<string, string>();
  const re = /Question\s*\{\s*prompt:\s*"((?:[^"\\]|\\.)*)",\s*options:\s*&\[([\s\S]*?)\],\s*correct:\s*(\d+)/g;
  for (const m of src.matchAll(re)) {
    const options = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((o) => JSON.parse(`"${o[1]}"`));
    answers.set(JSON.parse(`"${m[1]}"`), options[Number(m[3])]);
  }
  return answers;
}

/** Answers every question on the quiz page: right, or (when `wrong`) a wrong option. */
async function answerQuiz(page: Page, answers: Map<string, string>, wrong = false) {
  const questions = page.locator("fieldset.question");
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const prompt = (await q.locator("legend").innerText()).replace(/^\d+\.\s*/, "");
    const right = answers.get(prompt);
    expect(right, `answer for "${prompt}"`).toBeTruthy();
    if (wrong) {
      const labels = q.locator("label");
      const count = await labels.count();
      for (let j = 0; j < count; j++) {
        const text = (await labels.nth(j).innerText()).trim();
        if (text !== right) {
          await labels.nth(j).locator("input").check();
          break;
        }
      }
    } else {
      await q.getByLabel(right!, { exact: true }).check();
    }
  }
  await page.getByRole("button", { name: "Check my answers" }).click();
}

/** Reads lessons and passes quizzes until the course is complete; fails the first quiz once. */
async function completeCourse(page: Page, answers: Map<string, string>, failFirst: boolean, stopAfterModules = 99) {
  let failed = !failFirst;
  let modules = 0;
  for (let guard = 0; guard < 60; guard++) {
    await page.goto("/training");
    await hydrated(page);
    if (await page.getByText("You have completed the online training course").isVisible()) return;
    if (modules >= stopAfterModules) return;
    await page.locator("a.button", { hasText: /Start the course|Continue where you left off/ }).click();
    await expect(page).toHaveURL(/\/training\/(lessons|modules)\//);
    // Lessons until the module's quiz; each click waits for the next page before looking again.
    for (;;) {
      await hydrated(page);
      const title = await page.getByRole("heading", { level: 1 }).innerText();
      if (title === "Quiz") break;
      await page.getByRole("button", { name: "Mark as done and continue" }).click();
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(title);
    }
    await hydrated(page);
    if (!failed) {
      await answerQuiz(page, answers, true);
      await expect(page.getByRole("status")).toContainText("the pass mark is");
      failed = true;
    }
    await answerQuiz(page, answers);
    await expect(page.getByRole("status")).toContainText("You passed");
    modules++;
  }
  throw new Error("the course did not complete");
}

/** A name-safe unique suffix (names cannot contain digits). */
function letters(n: number): string {
  return n
    .toString(26)
    .split("")
    .map((c) => String.fromCharCode("a".charCodeAt(0) + parseInt(c, 26)))
    .join("")
    .replace(/^./, (c) => c.toUpperCase());
}

function localInput(d: Date): string {
  // Workshop times are entered as UK wall-clock time; the test server runs on UTC.
  return d.toISOString().slice(0, 16);
}

async function staffPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await signIn(p, "staff@tandem.example");
  return p;
}

test("a new mentor goes from sign-up to a certificate anyone can verify", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const title = `Evening mentor workshop ${stamp}`;

  // Staff schedule a workshop starting in two hours (its register opens the day before).
  const staff = await staffPage(browser);
  await staff.goto("/admin/workshops");
  await hydrated(staff);
  await staff.getByRole("button", { name: "Schedule workshop" }).click();
  await expect(staff.locator("#f-title-error")).toContainText("Enter a title");
  await expect(staff.locator("#f-capacity-error")).toContainText("number of seats");
  await staff.getByLabel("Mentor workshop").check();
  await staff.getByLabel("Title").fill(title);
  await staff.getByLabel("Starts").fill(localInput(new Date(Date.now() + 2 * 3600_000)));
  await staff.getByLabel("Online", { exact: true }).check();
  await staff.getByLabel("Meeting link or venue address").fill("https://meet.tandem.example/evening");
  await staff.getByLabel("Seats").fill("8");
  await staff.getByRole("button", { name: "Schedule workshop" }).click();
  await expect(staff.getByRole("status")).toContainText("Workshop scheduled");

  // A new mentor signs up and completes the profile.
  const email = `journey.${stamp}@example.org`;
  const password = "maple-lantern-93";
  await register(page, { role: "A mentor", name: "Nadia Rahman", email, dob: "1984-06-12", password });
  await page.getByRole("link", { name: "Complete your profile" }).click();
  await hydrated(page);
  await page.getByLabel("Job title").fill("Civil engineer");
  await page.getByLabel("Sector").selectOption("Engineering and manufacturing");
  await page.getByLabel("Apprenticeships").check();
  await page.getByLabel("Region").selectOption("Yorkshire and the Humber");
  await page.getByLabel("Postcode area").fill("LS6");
  await page.getByLabel("English").check();
  await page.getByLabel("Meeting format").selectOption("either");
  await page.getByLabel("Weekday evenings").check();
  await page.getByLabel("Ages you are happy to mentor").selectOption("22-25");
  await page.getByLabel("Short bio").fill("I design bridges and love helping people find their first job.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("10 of 10 questions answered")).toBeVisible();

  // Training: the first module with a failed quiz then a pass, then a resume after signing out.
  const answers = quizAnswers();
  expect(answers.size).toBeGreaterThanOrEqual(20);
  await completeCourse(page, answers, true, 1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, email, password);
  await expect(page.locator(".step", { hasText: "Online training course" })).toContainText("1 of 6 modules");
  await completeCourse(page, answers, false);
  await page.goto("/dashboard");
  await expect(page.locator(".step-done", { hasText: "Online training course" })).toBeVisible();

  // The policies: read, and accepted with the box ticked.
  await expect(page.locator(".step-next", { hasText: "Accept our policies" })).toContainText(
    "Read and accept before you are matched",
  );
  await page.getByRole("link", { name: "Accept our policies" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accept our policies");
  for (const name of ["Safeguarding children and adults policy", "Code of conduct for mentors", "Gifts and hospitality policy"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page.locator(".error-summary")).toContainText("Tick the box to confirm you have read and accept these policies");
  await page.getByLabel("I have read these policies and I accept them").check();
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thank you: you have accepted the current policies." })).toBeVisible();
  await page.getByRole("link", { name: "Continue to your dashboard" }).click();
  await expect(page.locator(".step-done", { hasText: "Accept our policies" })).toBeVisible();

  // Book the workshop.
  await page.goto("/workshops");
  await hydrated(page);
  const card = page.locator(".workshop", { hasText: title });
  await card.getByRole("button", { name: "Book a seat" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your seat is booked" })).toBeVisible();
  await expect(page.locator(".workshop", { hasText: title })).toContainText("Seat booked");
  await expect(page.locator(".workshop", { hasText: title }).getByRole("link")).toHaveText(
    "https://meet.tandem.example/evening",
  );

  // Staff mark attendance on the register.
  await staff.goto("/admin/workshops");
  await staff.getByRole("link", { name: title }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(title);
  await hydrated(staff);
  await staff.getByRole("button", { name: "Mark Nadia Rahman attended" }).click();
  await expect(staff.locator("tr", { hasText: "Nadia Rahman" })).toContainText("Attended");

  // Feedback: inline errors first, then sent.
  await page.goto("/workshops");
  await hydrated(page);
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.locator(".error-summary")).toContainText("Choose how you would rate the workshop");
  await page.getByLabel("Excellent").check();
  await page.getByLabel("Yes", { exact: true }).check();
  await page.locator("#f-nps").getByLabel("9", { exact: true }).check();
  await page.getByLabel("Anything else you would like to tell us? (optional)").fill("Practical and warm.");
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thank you for your feedback" })).toBeVisible();

  // The certificate is issued automatically.
  await page.goto("/dashboard");
  await expect(page.locator(".step-done", { hasText: "Certificate of achievement" })).toBeVisible();
  await page.goto("/certificate");
  await expect(page.locator(".certificate-name")).toHaveText("Nadia Rahman");
  const code = (await page.locator(".certificate-code .code").innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const pdf = await page.request.get("/certificate.pdf");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const body = await pdf.body();
  expect(body.subarray(0, 5).toString()).toBe("%PDF-");
  expect(body.includes(Buffer.from(code))).toBe(true);

  // Anyone can verify it, signed out.
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(`/verify/${code}`);
  await expect(anon.getByRole("status")).toContainText("This certificate is genuine");
  await expect(anon.getByRole("status")).toContainText("Nadia Rahman");
  await anon.goto("/verify?code=AAAA-BBBB-CCCC");
  await expect(anon.getByRole("alert")).toContainText("No certificate has the code AAAA-BBBB-CCCC");
});

test("staff decline an applicant with a reason, and the applicant sees the outcome", async ({
  page,
  browser,
  consoleErrors,
}) => {
  const stamp = Date.now();
  const email = `declined.${stamp}@example.org`;
  const password = "thistle-beacon-27";
  const name = `Victor ${letters(stamp)}`;
  await register(page, { role: "A mentor", name, email, dob: "1975-09-30", password });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);

  const staff = await staffPage(browser);
  await staff.getByRole("link", { name: "Mentor applications" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Mentor applications");
  await expect(staff.getByRole("link", { name: /Applications to review/ })).toHaveAttribute("aria-current", "page");
  await staff.getByLabel("Find by name").fill(name.toUpperCase());
  await staff.getByRole("button", { name: "Search" }).click();
  await staff.getByRole("link", { name }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(staff.getByText("Not yet matchable")).toBeVisible();
  await hydrated(staff);

  // Declining needs a reason from the list and a note.
  await staff.getByLabel("Decline the application").check();
  await staff.getByRole("button", { name: "Save decision" }).click();
  await expect(staff.locator("#f-reason").locator("xpath=..")).toContainText("Choose the reason");
  await staff.getByLabel("Reason (when declining or ending)").selectOption({ label: "Cannot commit the time" });
  await staff.getByLabel("Note").fill("Travels for work nine months of the year; invited to reapply.");
  await staff.getByRole("button", { name: "Save decision" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Saved: Declined." })).toBeVisible();
  await expect(staff.locator(".history")).toContainText("Declined: Cannot commit the time");
  await expect(staff.locator(".history")).toContainText("Sam Whitfield");

  // The applicant sees the outcome and no longer has mentoring features.
  await signIn(page, email, password);
  await expect(page.getByRole("status")).toContainText("we are not able to go ahead");
  await expect(page.getByRole("status")).toContainText("Cannot commit the time");
  const res = await page.goto("/training");
  expect(res?.status()).toBe(403);
  await hydrated(page);
  expectBrowserStatusMessage(consoleErrors, 403);
});

test("a 16-year-old applies with a join code, completes the pre-evaluation in two sittings and books an induction", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const email = `pupil.${stamp}@example.org`;
  const password = "willow-compass-58";
  const dob = new Date();
  dob.setFullYear(dob.getFullYear() - 16);
  dob.setMonth(dob.getMonth() - 2);
  const name = `Leah ${letters(stamp)}`;
  await register(page, { role: "A young person", name, email, dob: dob.toISOString().slice(0, 10), password });
  await expect(page.locator(".step-next").first()).toContainText("About five minutes");

  // The application: the join code is required and checked.
  await page.getByRole("link", { name: "Apply: what you want from mentoring" }).click();
  await hydrated(page);
  await page.getByLabel("Build confidence").check();
  await page.getByLabel("Career advice and guidance").check();
  await page.getByLabel("Where do you live?").selectOption("Yorkshire and the Humber");
  await page.getByLabel("In person").check();
  await page.getByLabel("Weekday afternoons").check();
  await page.getByRole("button", { name: "Send application" }).click();
  await expect(page.locator("#f-join_code-error")).toContainText("Enter the join code");
  await page.getByLabel("Join code from your school or youth organisation").fill("WRONG-CODE");
  await page.getByRole("button", { name: "Send application" }).click();
  await expect(page.locator("#f-join_code-error")).toContainText("do not recognise");
  // Nothing typed was lost.
  await expect(page.getByLabel("Build confidence")).toBeChecked();
  await page.getByLabel("Join code from your school or youth organisation").fill("northfield-26");
  await page.getByRole("button", { name: "Send application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Application saved" })).toBeVisible();

  // The pre-evaluation: five answers, sign out, come back, finish.
  await page.getByRole("link", { name: "the short questionnaire about you" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About you: before mentoring");
  await hydrated(page);
  const statements = page.locator("fieldset.likert");
  await expect(statements).toHaveCount(12);
  for (let i = 0; i < 5; i++) {
    await statements.nth(i).getByLabel("Agree", { exact: true }).check();
    await expect(page.getByRole("status").filter({ hasText: "Answer saved" })).toBeVisible();
  }
  await expect(page.getByText("5 of 12 answered")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, email, password);
  await expect(page.locator(".step", { hasText: "Questionnaire about you" })).not.toHaveClass(/step-done/);
  await page.goto("/evaluation/pre");
  await hydrated(page);
  await expect(page.getByText("5 of 12 answered")).toBeVisible();
  await expect(statements.nth(0).getByLabel("Agree", { exact: true })).toBeChecked();
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.locator(".error-summary li")).toHaveCount(7);
  // Each line of the summary names its statement, by the number beside it and its first words.
  const missing = await page.locator(".error-summary li").allTextContents();
  expect(new Set(missing).size).toBe(7);
  for (const line of missing) expect(line.trim()).toMatch(/^Statement ([6-9]|1[0-2]), \u201c.+\u201d: choose an answer$/);
  await expect(statements.nth(5).locator("legend")).toHaveText(/^6\. /);
  // The agree-disagree choices read as one row, on a phone as on a desktop.
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    const tops = await statements
      .nth(0)
      .locator("label.radio")
      .evaluateAll((ls) => ls.map((l) => Math.round(l.getBoundingClientRect().top)));
    expect(tops).toHaveLength(5);
    expect(new Set(tops).size, `one row at ${width} px`).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `no sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
  }
  for (let i = 5; i < 12; i++) {
    await statements.nth(i).getByLabel("Neither agree nor disagree").check();
  }
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("status").filter({ hasText: "your questionnaire is complete" })).toBeVisible();

  // The induction at her school.
  await page.goto("/workshops");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Induction sessions");
  await page
    .locator(".workshop", { hasText: "Induction at Northfield Academy" })
    .getByRole("button", { name: "Book a seat" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Your seat is booked" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.locator(".step", { hasText: "Induction" })).toContainText("Booked for");
  await expect(page.locator(".step-done", { hasText: "Questionnaire about you" })).toBeVisible();

  // Her coordinator confirms her; nobody else's coordinator sees her.
  const coord = await (await browser.newContext()).newPage();
  await signIn(coord, "coordinator@northfield.example");
  const row = coord.locator("tr", { hasText: name });
  await expect(row).toContainText("Sent");
  await expect(row).toContainText("Complete");
  await hydrated(coord);
  await row.getByRole("button", { name: `Confirm ${name}` }).click();
  await expect(coord.locator("tr", { hasText: name })).toContainText("Yes");
  const lead = await (await browser.newContext()).newPage();
  await signIn(lead, "lead@brightwater.example");
  await expect(lead.getByText(name)).toHaveCount(0);

  await page.reload();
  await expect(page.locator(".step-done", { hasText: "Confirmation by your Mentoring Coordinator" })).toBeVisible();
});
