import { test, expect, hydrated, signIn, register, expectBrowserStatusMessage, expectAccessible } from "./fixtures";

test("a new mentor trains: progress is saved, a failed quiz then a pass, resume after signing out", async ({ page }) => {
  const email = `trainee.${Date.now()}@example.org`;
  const password = "kestrel-harbour-61";
  await register(page, { role: "A mentor", name: "Imogen Hart", email, dob: "1981-11-03", password });
  await expect(page.locator(".step-next", { hasText: "lessons" })).toContainText("0 of 12 lessons");

  await page.getByRole("link", { name: "Online training course" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mentor training");
  await expect(page.locator(".module")).toHaveCount(6);
  await hydrated(page);
  await page.getByRole("link", { name: "Start the course" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What a mentor does");
  await hydrated(page);
  await page.getByRole("button", { name: "Mark as done and continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("One hour a month, for twelve months");
  await hydrated(page);
  await page.getByRole("button", { name: "Mark as done and continue" }).click();
  await expect(page).toHaveURL(/\/training\/modules\/\d+\/quiz$/);

  // Sign out and back in: the course resumes at the quiz.
  await hydrated(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, email, password);
  await expect(page.locator(".step-next", { hasText: "lessons" })).toContainText("2 of 12 lessons");
  await page.goto("/training");
  await hydrated(page);
  await page.getByRole("link", { name: "Continue where you left off" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quiz");
  await hydrated(page);

  // Two right, two wrong: 50% fails the 75% pass mark.
  await page.getByLabel("The young person", { exact: true }).check();
  await page.getByLabel("One hour a month, for up to twelve months").check();
  await page.getByLabel("Nothing: the young person will understand").check();
  await page.getByLabel("Giving therapy").check();
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("status")).toContainText("You scored 2 out of 4; the pass mark is 75%");
  await expect(page.locator(".feedback .wrong")).toHaveCount(2);

  await page.getByLabel("Give as much notice as you can and offer a new date straight away").check();
  await page.getByLabel("Listening and asking open questions").check();
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("status")).toContainText("You passed with 4 out of 4.");
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Safeguarding is everyone's responsibility");

  await page.goto("/training");
  await expect(page.locator(".module").first()).toContainText("Complete");
  await expect(page.locator(".module").first()).toContainText("best 4 of 4");
  await page.goto("/dashboard");
  await expect(page.locator(".step-next", { hasText: "lessons" })).toContainText("1 of 6 modules");
});

test("a young person takes their own short course, saved as they go; never the mentors'", async ({ page, browser, consoleErrors }) => {
  await signIn(page, "jordan.ellis@example.org");
  const step = page.locator(".journey li", { hasText: "Your course: getting ready for mentoring" });
  await expect(step).toContainText("0 of 5 lessons done");
  await page.getByRole("link", { name: "Your course: getting ready for mentoring" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your course: getting ready for mentoring");
  await expect(page.locator(".module")).toHaveCount(2);
  await hydrated(page);
  await page.getByRole("link", { name: "Start the course" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What mentoring is, and what it is not");
  await hydrated(page);
  await page.getByRole("button", { name: "Mark as done and continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Setting your goals");
  await page.goto("/dashboard");
  await expect(step).toContainText("1 of 5 lessons done");
  // The induction page points to the course too.
  await page.goto("/workshops");
  await expect(page.getByRole("link", { name: "your short online course" })).toHaveAttribute("href", "/training");
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, "/training");
  }
  // A lesson of the mentor course is not found for a young person.
  const mentor = await browser.newPage();
  await signIn(mentor, "amara.okafor@example.org");
  await mentor.goto("/training");
  const href = (await mentor.getByRole("link", { name: "What a mentor does" }).getAttribute("href")) ?? "";
  const res = await page.goto(href);
  expect(res?.status()).toBe(404);
  expectBrowserStatusMessage(consoleErrors, 404);
});

test("training is for mentors and young people: a coordinator gets the forbidden page", async ({ page, consoleErrors }) => {
  await signIn(page, "coordinator@northfield.example");
  await expect(page.getByRole("link", { name: "Training", exact: true })).toHaveCount(0);
  const res = await page.goto("/training");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
  await hydrated(page);
  expectBrowserStatusMessage(consoleErrors, 403);
});

test("staff edit a lesson in the app, with checks, and mentors see the change", async ({ page }) => {
  await signIn(page, "staff@tandem.example");
  await page.getByRole("link", { name: "Training content" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Training content");
  await page.getByRole("link", { name: "Edit lesson: Adapting to the person in front of you" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit lesson");
  await hydrated(page);

  await page.getByLabel("Title").fill("");
  await page.getByLabel("Video link (optional)").fill("http://not-secure.example/video");
  await page.getByRole("button", { name: "Save lesson" }).click();
  await expect(page.locator("#f-title-error")).toContainText("Enter a title");
  await expect(page.locator("#f-video_url-error")).toContainText("https://");

  await page.getByLabel("Title").fill("Adapting to each young person");
  await page.getByLabel("Video link (optional)").fill("");
  await page.getByRole("button", { name: "Save lesson" }).click();
  await expect(page.getByRole("status")).toContainText("Saved \u201cAdapting to each young person\u201d");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, "amara.okafor@example.org");
  await page.goto("/training");
  await expect(page.getByRole("link", { name: "Adapting to each young person" })).toBeVisible();
});

test("a mentor's profile is saved answer by answer and survives signing out", async ({ page }) => {
  const email = `profile.${Date.now()}@example.org`;
  const password = "copper-kettle-47";
  await register(page, { role: "A mentor", name: "Tomasz Nowak", email, dob: "1986-04-22", password });
  await expect(page.locator(".step-next").first()).toContainText("0 of 10 questions answered");
  await page.getByRole("link", { name: "Complete your profile" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your mentor profile");
  await hydrated(page);

  await page.getByLabel("Job title").fill("Software engineer");
  await page.getByLabel("Job title").blur();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.getByLabel("Sector").selectOption("Technology");
  await page.getByLabel("CV and interviews").check();
  await page.getByLabel("Digital and tech skills").check();
  await page.getByLabel("Postcode area").fill("LS6 3AB");
  await page.getByLabel("Postcode area").blur();
  await expect(page.locator(".field-invalid")).toContainText("first part of your postcode");
  await page.getByLabel("Postcode area").fill("ls6");
  await page.getByLabel("Postcode area").blur();
  await expect(page.locator(".field-invalid")).toHaveCount(0);
  await expect(page.getByText("4 of 10 questions answered")).toBeVisible();

  // Nothing typed is lost: sign out, sign in, and it is all there.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, email, password);
  await page.goto("/profile");
  await expect(page.getByLabel("Job title")).toHaveValue("Software engineer");
  await expect(page.getByLabel("Sector")).toHaveValue("Technology");
  await expect(page.getByLabel("CV and interviews")).toBeChecked();
  await expect(page.getByLabel("Postcode area")).toHaveValue("LS6");
  await expect(page.getByText("4 of 10 questions answered")).toBeVisible();
});
