import { test, expect, hydrated, register, signIn } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { readFileSync } from "node:fs";

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

test("a mentor reports a disclosure; the DSL sees it first, acts and suspends the match; staff cannot open it", async ({ browser }) => {
  // Ruth reports from her match page: one click from the page she is on.
  const ruth = await as(browser, "ruth.bennett@example.org");
  await ruth.getByRole("link", { name: /Open your match page/ }).click();
  await hydrated(ruth);
  await ruth.getByRole("link", { name: /Report a concern about this match/ }).click();
  await expect(ruth).toHaveURL(/\/concern\?match=\d+$/);
  await hydrated(ruth);
  // From her match page the report is about that match; she could say otherwise.
  await expect(ruth.getByLabel("My match with Kofi")).toBeChecked();
  await expect(ruth.getByLabel("Someone else, or not about my match")).not.toBeChecked();
  // A report with nothing in it is refused inline.
  await ruth.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  await expect(ruth.locator("#f-category")).toContainText("Choose what kind of concern this is");
  await expect(ruth.locator("#f-what-error")).toBeVisible();
  await ruth.getByLabel("Abuse disclosed").check();
  await ruth.getByLabel(/Urgent: someone may be at risk now/).check();
  await ruth.getByLabel("What was said or seen?").fill("Kofi told me an adult at home hit him last weekend.");
  await ruth.getByLabel("When did it happen?").fill(today());
  await ruth.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  const receipt = ruth.getByRole("status").filter({ hasText: "Your report is" });
  await expect(receipt).toContainText(/SG-\d{6}/);
  await expect(receipt).toContainText("within the hour");
  await expect(receipt).toContainText("cannot change or delete");
  const reference = ((await receipt.locator("h2").textContent()) ?? "").match(/SG-\d{6}/)?.[0] ?? "";
  expect(reference).not.toBe("");
  // Her own list shows what she wrote; there is no way to edit it.
  await expect(ruth.locator(".plain-list li").filter({ hasText: reference })).toContainText("hit him");
  await expect(ruth.getByRole("button", { name: /Edit|Delete/ })).toHaveCount(0);

  // The DSL: the new case is first in the queue.
  const dsl = await as(browser, "dsl@tandem.example");
  await expect(dsl.getByText("Open cases")).toBeVisible();
  await dsl.getByRole("link", { name: "Open the case queue" }).click();
  await hydrated(dsl);
  const first = dsl.locator("table.case-queue tbody tr").first();
  await expect(first).toContainText(reference);
  await expect(first).toContainText("Immediate");
  await expect(first).toContainText("Kofi Asante");
  await first.getByRole("link", { name: reference }).click();
  await expect(dsl).toHaveURL(/\/safeguarding\/cases\/\d+$/);
  await hydrated(dsl);
  const caseUrl = dsl.url();
  await expect(dsl.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(dsl.locator(".report-text")).toContainText("hit him last weekend");

  // Actions and a referral go into the chronology; a referral without a reason is refused.
  await dsl.getByLabel("Action taken").check();
  await dsl.getByLabel("What was done or decided").fill("Spoke to Kofi's coordinator; Kofi is safe at school today.");
  await dsl.getByRole("button", { name: "Add to the chronology" }).click();
  await expect(dsl.locator(".chronology")).toContainText("Kofi is safe at school today");
  // Recorded: said so, with focus on it, and the form is empty for the next entry.
  await expect(dsl.getByRole("status").filter({ hasText: "Added to the chronology." })).toBeFocused();
  await expect(dsl.getByLabel("What was done or decided")).toHaveValue("");
  await expect(dsl.getByLabel("Action taken")).not.toBeChecked();
  await dsl.getByLabel("Referral").check();
  await dsl.getByLabel("What was done or decided").fill("Referred to children's services.");
  await dsl.getByRole("button", { name: "Add to the chronology" }).click();
  await expect(dsl.locator("#f-reason-error")).toContainText("Give the reason");
  await dsl.getByLabel("Reason", { exact: true }).fill("Disclosure of physical harm at home");
  await dsl.getByLabel("Status").selectOption("referred");
  await dsl.getByRole("button", { name: "Add to the chronology" }).click();
  await expect(dsl.locator(".chronology")).toContainText("Referred to children's services.");
  await expect(dsl.locator(".facts")).toContainText("Referred on");

  // Suspend the match at once.
  await dsl.getByLabel("Reason (for the match)").fill("Paused while the referral is assessed");
  await dsl.getByRole("button", { name: "Suspend the match now" }).click();
  await expect(dsl.locator(".facts .tag-warning")).toHaveText("Suspended");
  await expect(dsl.locator(".chronology")).toContainText("suspended");

  // Ruth's match page now says it is paused, and the message box is gone.
  await ruth.goto("/dashboard");
  await ruth.getByRole("link", { name: /Open your match page/ }).click();
  await hydrated(ruth);
  await expect(ruth.getByText(/This match is paused by the Tandem team/)).toBeVisible();
  await expect(ruth.getByLabel("Your message")).toHaveCount(0);

  // Programme staff without the DSL role cannot open the case; the attempt is recorded.
  const staff = await as(browser, "staff@tandem.example");
  const refused = await staff.goto(caseUrl);
  expect(refused?.status()).toBe(403);
  await expect(staff.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(staff.getByText("hit him")).toHaveCount(0);
  await dsl.reload();
  await hydrated(dsl);
  await expect(dsl.getByText(/Sam Whitfield \(refused: not on the safeguarding team\)/)).toBeVisible();
  // The audit log records it too, and the chain verifies.
  await staff.goto("/admin/audit");
  await hydrated(staff);
  await expect(staff.getByText(/Chain verified: all \d+ entries are intact/)).toBeVisible();
  // The log says it in words, with names: no event keys, no account numbers.
  const refusal = staff.locator("tbody tr").filter({ hasText: "Refused a case file" }).first();
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText("Programme staff may not read case files");
  await expect(staff.locator("tbody")).not.toContainText("case.view_denied");

  // Lift the suspension so the pair can carry on.
  await dsl.getByLabel("Reason (for the match)").fill("Assessment complete: safe to continue");
  await dsl.getByRole("button", { name: "Lift the match suspension" }).click();
  await expect(dsl.getByRole("button", { name: "Suspend the match now" })).toBeVisible();
});

test("a young person downloads their data, and a new account is erased for good", async ({ browser }) => {
  const jordan = await as(browser, "jordan.ellis@example.org");
  await jordan.getByRole("link", { name: "Privacy" }).click();
  await hydrated(jordan);
  await expect(jordan.getByRole("heading", { name: "Your rights" })).toBeVisible();
  const [download] = await Promise.all([
    jordan.waitForEvent("download"),
    jordan.getByRole("link", { name: "Download my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tandem-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(readFileSync((await download.path()) ?? "", "utf8"));
  expect(data.account.email).toBe("jordan.ellis@example.org");
  expect(data.account.name).toBe("Jordan Ellis");
  expect(Array.isArray(data.security_log)).toBe(true);
  expect(JSON.stringify(data)).not.toContain("password_hash");
  expect(JSON.stringify(data)).not.toContain("$argon2");

  // A new young person deletes their account: wrong password first, then for real.
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `erase-${Date.now()}@example.net`;
  await register(page, { role: "A young person", name: "Wilhelmina Erasmus", email, dob: "2004-05-06", password: "quiet-harbour-71" });
  await page.goto("/privacy");
  await hydrated(page);
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByLabel(/delete my account for good/).check();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.locator("#f-password-error")).toContainText("not correct");
  await page.getByLabel("Your password").fill("quiet-harbour-71");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?erased=1$/);
  // The account is gone: signing in fails, and staff no longer find the name.
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("quiet-harbour-71");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("not correct");
  const staff = await as(browser, "staff@tandem.example");
  await staff.goto("/admin/users?role=young_person");
  await hydrated(staff);
  await expect(staff.getByText("Wilhelmina Erasmus")).toHaveCount(0);
  await expect(staff.getByText("Erased account").first()).toBeVisible();
});

test("a school's safeguarding contact receives a pupil's disclosure, adds to it, and cannot suspend", async ({ browser }) => {
  // The DSL names Northfield's coordinator as the school's safeguarding contact.
  const dsl = await as(browser, "dsl@tandem.example");
  const northfield = dsl.locator(".partner-list li", { hasText: "Northfield Academy" });
  await northfield.getByLabel("Safeguarding contact").selectOption({ label: "Helen Marsh" });
  await northfield.getByRole("button", { name: "Save" }).click();
  await expect(northfield.getByRole("status")).toContainText("now go to its safeguarding contact");

  // Ruth reports about Kofi, a Northfield pupil.
  const ruth = await as(browser, "ruth.bennett@example.org");
  await ruth.goto("/concern");
  await hydrated(ruth);
  await ruth.getByLabel("My match with Kofi").check();
  await ruth.getByLabel("Something else that worries me").check();
  await ruth.getByLabel(/Soon: within two working days/).check();
  await ruth.getByLabel("What was said or seen?").fill("Kofi said he is being left out by his group at school.");
  await ruth.getByLabel("When did it happen?").fill(today());
  await ruth.getByRole("button", { name: "Send to the safeguarding lead" }).click();
  const reference = ((await ruth.getByRole("status").filter({ hasText: "Your report is" }).locator("h2").textContent()) ?? "").match(/SG-\d{6}/)?.[0] ?? "";
  expect(reference).not.toBe("");

  // Helen's dashboard leads to her cases; she opens it and adds to the chronology.
  const helen = await as(browser, "coordinator@northfield.example");
  await helen.getByRole("link", { name: /Open your cases/ }).click();
  await hydrated(helen);
  await helen.getByRole("link", { name: reference }).click();
  await hydrated(helen);
  await expect(helen.locator(".chronology")).toContainText("safeguarding contact at Northfield Academy");
  await expect(helen.getByText("call the programme's Designated Safeguarding Lead")).toBeVisible();
  await expect(helen.getByRole("button", { name: /Suspend/ })).toHaveCount(0);

  // Back to the programme's team for the rest of the suite.
  await northfield.getByLabel("Safeguarding contact").selectOption({ label: "The programme's safeguarding team" });
  await northfield.getByRole("button", { name: "Save" }).click();
  await expect(northfield.getByRole("status")).toContainText("go to the programme's safeguarding team");
  for (const p of [dsl, ruth, helen]) await p.context().close();
});
