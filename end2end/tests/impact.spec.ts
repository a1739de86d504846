import { test, expect, expectAccessible, hydrated, signIn } from "./fixtures";
import { readFileSync } from "node:fs";

test("a young person answers before (in two sittings) and after mentoring; staff see the pair counted and download the CSV; a coordinator sees only their school", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/reports/impact");
  await hydrated(staff);
  const pairsBefore = Number(
    ((await staff.getByText(/^Results are averaged from \d+ paired/).innerText()).match(/from (\d+) paired/) ?? ["", "0"])[1],
  );

  // Jordan applies and answers the questionnaire: half now, the rest after signing back in.
  const jordanContext = await browser.newContext();
  const jordan = await jordanContext.newPage();
  await signIn(jordan, "jordan.ellis@example.org");
  await jordan.goto("/apply");
  await hydrated(jordan);
  await jordan.getByLabel("Build confidence").check();
  await jordan.getByLabel("Career advice and guidance").check();
  await jordan.getByLabel("Where do you live?").selectOption("Yorkshire and the Humber");
  await jordan.getByLabel("Online", { exact: true }).check();
  await jordan.getByLabel("Weekday evenings").check();
  await jordan.getByRole("button", { name: "Send application" }).click();
  await expect(jordan.getByRole("status").filter({ hasText: "Application saved" })).toBeVisible();
  await jordan.goto("/evaluation/pre");
  await hydrated(jordan);
  const statements = jordan.locator("fieldset.likert");
  await expect(statements).toHaveCount(12);
  for (let i = 0; i < 6; i++) {
    await statements.nth(i).getByLabel("Disagree", { exact: true }).check();
    await expect(jordan.getByRole("status").filter({ hasText: "Answer saved" })).toBeVisible();
  }
  await jordan.getByRole("button", { name: "Sign out" }).click();
  await signIn(jordan, "jordan.ellis@example.org");
  await jordan.goto("/evaluation/pre");
  await hydrated(jordan);
  await expect(jordan.getByText("6 of 12 answered")).toBeVisible();
  await expect(statements.nth(0).getByLabel("Disagree", { exact: true })).toBeChecked();
  for (let i = 6; i < 12; i++) {
    await statements.nth(i).getByLabel("Neither agree nor disagree").check();
  }
  await jordan.getByRole("button", { name: "Send my answers" }).click();
  await expect(jordan.getByRole("status").filter({ hasText: "your questionnaire is complete" })).toBeVisible();
  // The end questionnaire is not open yet.
  await jordan.goto("/evaluation/end");
  await hydrated(jordan);
  await expect(jordan.getByText("This questionnaire opens when your mentoring ends.")).toBeVisible();

  // Staff match Jordan, and later the mentoring ends.
  await staff.goto("/admin/matching");
  await hydrated(staff);
  await staff.getByRole("link", { name: "Jordan Ellis" }).click();
  await hydrated(staff);
  await staff.locator("ol.candidates > li").first().getByRole("button", { name: /^Match Jordan Ellis with / }).click();
  await expect(staff.getByRole("status")).toContainText("Matched");
  await staff.goto("/admin/relationships");
  await hydrated(staff);
  await staff.getByRole("link", { name: /^Jordan Ellis and / }).click();
  await hydrated(staff);
  await staff.getByText("End the mentoring", { exact: true }).click();
  await staff.getByLabel("Early: the goals were met").check();
  await staff.getByRole("button", { name: "End mentoring now" }).click();
  await expect(staff.getByText(/^Ended on /)).toBeVisible();

  // Jordan answers the same statements again.
  await jordan.goto("/evaluation/end");
  await hydrated(jordan);
  await expect(jordan.getByRole("heading", { level: 1 })).toHaveText("About you: at the end of mentoring");
  for (let i = 0; i < 12; i++) {
    await statements.nth(i).getByLabel("Agree", { exact: true }).check();
  }
  await jordan.getByRole("button", { name: "Send my answers" }).click();
  await expect(jordan.getByRole("status").filter({ hasText: "your questionnaire is complete" })).toBeVisible();

  // Where Jordan is now: every question needs an answer; the answers are kept.
  const where = jordan.getByRole("region", { name: "Where are you now?" });
  await where.getByRole("button", { name: "Save where I am now" }).click();
  await expect(where.locator(".error-summary")).toContainText("Choose what you are doing now");
  await where.getByRole("group", { name: "What are you doing now?" }).getByLabel("On an apprenticeship").check();
  for (const [outcome, answer] of [
    ["A college or university place", "Neither"],
    ["An apprenticeship", "Got one"],
    ["A job", "Applied"],
    ["A scholarship or bursary", "Neither"],
  ]) {
    await where.getByRole("group", { name: outcome }).getByLabel(answer).check();
  }
  await expect(where.getByRole("group", { name: /attendance/ })).toHaveCount(0);
  await where.getByRole("button", { name: "Save where I am now" }).click();
  await expect(where.getByRole("status")).toContainText("Thank you: your answers are saved.");
  // Reloaded, the page shows the saved answers and hydrates cleanly.
  const jordanErrors: string[] = [];
  jordan.on("console", (m) => {
    if (m.type() === "error") jordanErrors.push(m.text());
  });
  jordan.on("pageerror", (e) => jordanErrors.push(e.message));
  await jordan.reload();
  await hydrated(jordan);
  await expect(jordan.getByRole("group", { name: "An apprenticeship" }).getByLabel("Got one")).toBeChecked();
  expect(jordanErrors).toEqual([]);
  for (const width of [390, 1280]) {
    await jordan.setViewportSize({ width, height: 900 });
    await expectAccessible(jordan, "/evaluation/end");
  }

  // Staff see one more pair, per theme and per statement, and download the CSV.
  await staff.goto("/reports/impact");
  await hydrated(staff);
  await expect(staff.getByText(`Results are averaged from ${pairsBefore + 1} paired`)).toBeVisible();
  await expect(staff.getByRole("img", { name: /Mean theme scores before and after/ })).toBeVisible();
  const themes = staff.locator("table").filter({ has: staff.locator("caption", { hasText: "Themes" }) });
  await expect(themes.locator("tbody tr")).toHaveCount(3);
  await expect(themes.locator("tbody tr").first()).toContainText(String(pairsBefore + 1));
  await expect(staff.getByRole("heading", { name: "Programme funnel" })).toBeVisible();
  await expect(staff.getByRole("heading", { name: "Where young people go next" })).toBeVisible();
  await expect(staff.getByText(/^\d+ young (person|people) answered: results are shown from 5\.$/).first()).toBeVisible();
  const [download] = await Promise.all([staff.waitForEvent("download"), staff.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[0]).toContain("mean_before,mean_after,mean_change,ci95_low,ci95_high");
  expect(csv).toContain('"theme","Wellbeing","Wellbeing"');
  // Filters narrow the report, in the address so the page works without JavaScript.
  await staff.getByLabel("Region").selectOption("Wales");
  await staff.getByRole("button", { name: "Show" }).click();
  await expect(staff).toHaveURL(/region=Wales/);
  await expect(staff.getByText("Results are averaged from 0 paired")).toBeVisible();

  // The school's coordinator sees only Northfield, and no results for a group this small,
  // whatever partner the address asks for.
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, "coordinator@northfield.example");
  await coordinator.getByRole("link", { name: "Impact", exact: true }).click();
  await hydrated(coordinator);
  await expect(coordinator.getByRole("heading", { name: "Impact: Northfield Academy" })).toBeVisible();
  await expect(coordinator.getByText(/Fewer than 5 of your young people/)).toBeVisible();
  await coordinator.goto("/reports/impact?partner=2");
  await hydrated(coordinator);
  await expect(coordinator.getByRole("heading", { name: "Impact: Northfield Academy" })).toBeVisible();
});
