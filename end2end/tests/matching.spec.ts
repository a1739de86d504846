import { test, expect, hydrated, signIn } from "./fixtures";

/** The first line of a table cell (a name above an email address). */
async function firstLine(cell: import("@playwright/test").Locator): Promise<string> {
  return (await cell.innerText()).split("\n")[0].trim();
}

test("staff match one young person by hand, then run a pool, veto a pair and publish; both sides see their match", async ({
  page,
  browser,
}) => {
  await signIn(page, "staff@tandem.example");
  await page.goto("/admin/matching");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Waiting for a mentor" })).toBeVisible();

  // One young person: ranked candidates with reasons, confirm the best.
  const first = page.locator("table tbody tr").first().getByRole("link");
  const young = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(young);
  await hydrated(page);
  const cards = page.locator("ol.candidates > li");
  await expect(cards.first()).toBeVisible();
  const scores = (await cards.locator("p > strong").allInnerTexts()).map((s) => Number(s.match(/Score (\d+)/)![1]));
  expect(scores.length).toBeGreaterThan(0);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  await expect(cards.first().locator(".reasons li").first()).toContainText("Covers");
  await expect(cards.first().locator(".reasons")).toContainText("Both free");
  const mentor = (await cards.first().locator("h3").innerText()).trim();
  await cards.first().getByRole("button", { name: `Match ${young} with ${mentor}` }).click();
  await expect(page.getByRole("status")).toContainText("Matched");

  // A pool run: progress, then a proven-optimal draft. Two drafts of the same pool: the
  // first is superseded once the second is published.
  await page.goto("/admin/matching");
  await hydrated(page);
  await expect(page.locator("table tbody")).not.toContainText(young);
  const startRun = async () => {
    await page.goto("/admin/matching");
    await hydrated(page);
    await page.getByLabel("Everyone waiting", { exact: true }).check();
    await page.getByRole("button", { name: "Start matching run" }).click();
    await expect(page).toHaveURL(/\/admin\/matching\/runs\/\d+/);
    await expect(page.getByText("Draft: review and publish")).toBeVisible({ timeout: 30_000 });
    return Number(page.url().match(/runs\/(\d+)/)![1]);
  };
  const superseded = await startRun();
  await startRun();
  await expect(page.getByText(/^Proven optimal/)).toBeVisible();
  // The score is explained in words, not shown as a bare total.
  await expect(page.locator(".stat-label", { hasText: "total score" })).toHaveCount(0);
  await expect(page.getByText(/^Each pair's score says how well they fit/)).toBeVisible();
  await hydrated(page);
  const rows = page
    .locator("table")
    .filter({ has: page.locator("caption", { hasText: "Proposed pairs and why" }) })
    .locator("tbody tr");
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(2);

  // Veto the first pair; remember the second, which will be published.
  await rows.first().getByRole("button", { name: /^Veto / }).click();
  await expect(rows.first()).toContainText("Vetoed");
  const kept = rows.nth(1);
  const [youngEmail, mentorEmail] = await kept.locator(".email").allInnerTexts();
  const keptYoung = (await firstLine(kept.locator("td").nth(0))).split(" ")[0];
  const keptMentor = (await firstLine(kept.locator("td").nth(1))).split(" ")[0];
  // Publishing asks first, and says what it will do.
  await page.getByText("Publish these matches…").click();
  await expect(page.locator("details.confirm")).toContainText(`This creates ${n - 1} match`);
  await expect(page.locator("details.confirm")).toContainText(/left waiting/);
  await page.getByRole("button", { name: `Yes, publish ${n - 1} match` }).click();
  await expect(page.getByRole("status")).toContainText(`Published ${n - 1} matches`);

  // The earlier draft can no longer be published, on the page or on the server.
  await page.goto(`/admin/matching/runs/${superseded}`);
  await hydrated(page);
  await expect(page.getByText(/^Superseded: a later run was published/)).toBeVisible();
  await expect(page.getByText("Publish these matches…")).toHaveCount(0);
  const refused = await page.request.post("/api/decide_run", {
    form: { run_id: String(superseded), decision: "publish" },
  });
  expect(await refused.text()).toContain("can no longer be published");

  // Both sides see the match on their dashboards.
  for (const [email, other] of [
    [mentorEmail, keptYoung],
    [youngEmail, keptMentor],
  ]) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await signIn(p, email.trim());
    await expect(p.getByRole("heading", { name: /^Your match: / })).toHaveText(`Your match: ${other}`);
    await expect(p.getByText("one hour a month for twelve months")).toBeVisible();
    await context.close();
  }
});
