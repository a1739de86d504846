import { test, expect, hydrated, signIn } from "./fixtures";

test("staff add a skill-builder that a mentor marks as done; the programme dashboard charts the funnel", async ({ browser }) => {
  test.setTimeout(150_000);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");

  // The programme dashboard: four charts, each with its table, readable before hydration.
  await staff.getByRole("link", { name: "Programme", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Programme dashboard");
  for (const name of ["The funnel", "Waiting for a mentor", "Relationships at risk", "Workshop capacity"]) {
    await expect(staff.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  await expect(staff.getByRole("img", { name: "Mentors at each step" })).toBeVisible();
  const waiting = staff.locator("table").filter({ hasText: "Waited" });
  const bands = await waiting.locator("tbody td").allTextContents();
  const total = bands.reduce((sum, n) => sum + Number(n), 0);
  await expect(staff.locator(".stat").filter({ hasText: "Young people waiting" }).locator(".stat-value")).toHaveText(String(total));
  await expect(staff.locator("table").filter({ hasText: "Mentors at each step" }).locator("tbody tr")).toHaveCount(7);

  // A skill-builder: refused without a topic, kept as typed, then added.
  await staff.goto("/community/resources");
  await hydrated(staff);
  await staff.getByText("Add a resource").click();
  const title = `Giving feedback kindly ${Date.now()}`;
  await staff.getByLabel("Title").fill(title);
  await staff.getByLabel("Summary").fill("Practise one piece of praise and one suggestion.");
  await staff.getByLabel("Text").fill("Write down one thing that went well.\n\nThen one thing to try next time.");
  await staff.getByLabel("Skill-builder").check();
  await staff.getByLabel("Mentors", { exact: true }).check();
  await staff.getByLabel("Minutes it takes").fill("15");
  await staff.getByRole("button", { name: "Add to the library" }).click();
  await expect(staff.locator(".field-invalid").filter({ hasText: "Choose a topic" })).toBeVisible();
  await expect(staff.getByLabel("Title")).toHaveValue(title);
  await staff.getByLabel("Topic", { exact: true }).selectOption("listening");
  await staff.getByRole("button", { name: "Add to the library" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Added to the library." })).toBeVisible();
  await expect(staff.getByRole("heading", { name: title })).toBeVisible();

  // An approved mentor sees it, marks it done, and the progress counts it.
  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  await signIn(mentor, "marcus.lee@example.org");
  await mentor.getByRole("link", { name: "Community" }).click();
  await mentor.getByRole("navigation", { name: "Community" }).getByRole("link", { name: "Resources" }).click();
  await hydrated(mentor);
  const card = mentor.locator("article").filter({ has: mentor.getByRole("heading", { name: title }) });
  await expect(card).toContainText("Then one thing to try next time.");
  const progress = mentor.locator("label[for='skill-progress']");
  const before = Number((await progress.textContent())?.match(/done: (\d+)/)?.[1]);
  await card.getByRole("button", { name: `Mark as done: ${title}` }).click();
  await expect(card.getByText("Done", { exact: true })).toBeVisible();
  await expect(progress).toContainText(`done: ${before + 1} of`);

  // The mentor network: other listed mentors, never a young person.
  await mentor.getByRole("navigation", { name: "Community" }).getByRole("link", { name: "Mentor network" }).click();
  await hydrated(mentor);
  await expect(mentor.getByRole("heading", { level: 2, name: "Ruth B." })).toBeVisible();
  await expect(mentor.getByText("Leah")).toHaveCount(0);
  await mentor.getByText("Your listing").click();
  const note = `Glad to talk about first sessions ${Date.now()}`;
  await mentor.getByLabel("What would you like to talk about with other mentors?").fill(note);
  await mentor.getByRole("button", { name: "Save" }).click();
  await expect(mentor.getByText(note).last()).toBeVisible();

  // A young person has the library (their own audiences) and no mentor network.
  const ypContext = await browser.newContext();
  const yp = await ypContext.newPage();
  await signIn(yp, "jordan.ellis@example.org");
  await yp.goto("/community/resources");
  await hydrated(yp);
  await expect(yp.getByRole("heading", { name: "Reading a job advert" })).toBeVisible();
  await expect(yp.getByRole("heading", { name: title })).toHaveCount(0);
  await expect(yp.getByRole("navigation", { name: "Community" }).getByRole("link", { name: "Mentor network" })).toHaveCount(0);
  const response = await yp.goto("/community/network");
  expect(response?.status()).toBe(403);
});
