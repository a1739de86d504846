import { test, expect, hydrated, register, signIn } from "./fixtures";

const ITEMS = [
  "lw_decide | empowerment | normal | I have been able to make up my own mind about things",
  "lw_relaxed | wellbeing | normal | I have been feeling relaxed",
  "lw_useful | wellbeing | normal | I have been feeling useful",
  "lw_alone | social | reverse | I have been feeling alone",
].join("\n");

test("staff install a licensed questionnaire, put it in use for new pre-evaluations, and a young person who began on it keeps it", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Questionnaires" }).click();
  await hydrated(staff);
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Questionnaires");
  const ours = staff.locator("tbody tr").filter({ hasText: "Tandem's own questionnaire" });
  await expect(ours.getByText("In use")).toBeVisible();

  // Without the licence confirmation the form says so, and keeps everything typed.
  await staff.getByLabel("Version").fill("licensed-e2e.1");
  await staff.getByLabel("Name", { exact: true }).fill("Licensed wellbeing scale");
  await staff.getByLabel("Licence", { exact: true }).fill("Licence L-42, held by the programme until 2028");
  await staff.getByLabel(/^Notice to show/).fill("Reproduced under licence L-42.");
  await staff.getByLabel("Answer scale").fill("None of the time\nRarely\nSome of the time\nOften\nAll of the time");
  await staff.getByLabel("Statements", { exact: true }).fill(ITEMS + "\nbroken line");
  await staff.getByRole("button", { name: "Install" }).click();
  await expect(staff.getByText("Line 5 needs four parts: key | theme | normal or reverse | statement").first()).toBeVisible();
  await expect(staff.locator("#f-licence_confirmed .error-message")).toHaveText(
    "Confirm that the programme holds a licence to use these items",
  );
  await expect(staff.getByLabel("Answer scale")).toHaveValue(/^None of the time\nRarely/);
  await staff.getByLabel("Statements", { exact: true }).fill(ITEMS);
  await staff.getByLabel("The programme holds a licence to use these statements").check();
  await staff.getByRole("button", { name: "Install" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Installed version licensed-e2e.1" })).toBeVisible();
  const licensed = staff.locator("tbody tr").filter({ hasText: "Licensed wellbeing scale" });
  await expect(licensed).toContainText("Licence L-42");
  await licensed.getByRole("button", { name: "Use Licensed wellbeing scale for new pre-evaluations" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "now use version licensed-e2e.1" })).toBeVisible();
  await expect(licensed.getByText("In use")).toBeVisible();
  await expect(ours.getByRole("button", { name: "Use Tandem's own questionnaire for new pre-evaluations" })).toBeVisible();

  // A young person who starts now answers the licensed statements on its own scale.
  const ypContext = await browser.newContext();
  const yp = await ypContext.newPage();
  const email = `lw-${Date.now()}@example.org`;
  await register(yp, { role: "A young person", name: "Sam Rivers", email, dob: "2004-05-01", password: "orchard-lantern-58" });
  await yp.goto("/evaluation/pre");
  await hydrated(yp);
  const statements = yp.locator("fieldset.likert");
  await expect(statements).toHaveCount(4);
  await expect(yp.getByText("0 of 4 answered")).toBeVisible();
  await expect(yp.getByText("Reproduced under licence L-42.")).toBeVisible();
  await statements.nth(0).getByLabel("Often").check();
  await expect(yp.getByRole("status").filter({ hasText: "Answer saved" })).toBeVisible();

  // Staff go back to Tandem's own: Sam keeps the version he began with.
  await ours.getByRole("button", { name: "Use Tandem's own questionnaire for new pre-evaluations" }).click();
  await expect(ours.getByText("In use")).toBeVisible();
  await expect(licensed.locator("td").nth(1)).toHaveText("1"); // evaluations begun on it
  await yp.reload();
  await hydrated(yp);
  await expect(statements).toHaveCount(4);
  await expect(yp.getByText("1 of 4 answered")).toBeVisible();
  await expect(statements.nth(0).getByLabel("Often")).toBeChecked();

  // The impact report covers one version at a time and links to the others.
  await staff.goto("/reports/impact");
  await hydrated(staff);
  await expect(staff.getByText(/on Tandem's own questionnaire \(version tandem-2026\.1; answers scored 1 to 5\)/)).toBeVisible();
  await staff.getByRole("link", { name: "Licensed wellbeing scale (licensed-e2e.1)" }).click();
  await expect(staff).toHaveURL(/instrument=licensed-e2e\.1/);
  await hydrated(staff);
  await expect(staff.getByText(/^Results are averaged from 0 paired .* on Licensed wellbeing scale/)).toBeVisible();
  const rows = staff.locator("table").filter({ has: staff.locator("caption", { hasText: "Statements" }) }).locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(3)).toContainText("I have been feeling alone (reverse-scored)");
});
