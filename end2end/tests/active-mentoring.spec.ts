import { test, expect, hydrated, signIn, mailDir, inbox, waitForMail, expectAccessible } from "./fixtures";
import type { Browser, Page } from "@playwright/test";

/** Signs in as `email` in a fresh browser context and opens their match page from the dashboard. */
async function openMatch(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await page.getByRole("link", { name: /Open your match page/ }).click();
  await expect(page).toHaveURL(/\/match\/\d+$/);
  await hydrated(page);
  return page;
}

function daysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test("a pair logs three sessions and the young person confirms them", async ({ browser }) => {
  const marcus = await openMatch(browser, "marcus.lee@example.org");
  await expect(marcus.getByRole("heading", { level: 1 })).toHaveText("Mentoring Leah Carter");
  await expect(marcus.locator("#main").getByText("One-to-one. One hour a month. Twelve months.")).toBeVisible();
  await expect(marcus.locator(".plan-month")).toHaveCount(12);
  await expect(marcus.getByRole("alert").filter({ hasText: "overdue" })).toBeVisible();
  const log = marcus.getByRole("region", { name: "Log a session" });
  // An adult pair meet online first, in their own video room, which is filled in for them.
  await expect(log.getByText("You meet online first: 2 more online sessions before you can meet in person.")).toBeVisible();
  await expect(log.getByLabel("In person")).toHaveCount(0);
  const room = await marcus.getByRole("link", { name: "Join your video room" }).getAttribute("href");
  expect(room).toMatch(/^https:\/\/meet\.tandem\.example\/tandem-[0-9a-f]{32}$/);
  await expect(log.getByLabel("Meeting link or venue")).toHaveValue(room ?? "");
  for (const [n, topic] of [
    [60, "Getting to know each other"],
    [35, "CV review"],
    [5, "Interview practice"],
  ] as const) {
    await log.getByLabel("Date").fill(daysAgo(n));
    await log.getByLabel("Online").check();
    await log.getByLabel("Meeting link or venue").fill("https://meet.example/marcus-leah");
    await log.getByLabel("What you talked about").fill(topic);
    await log.getByRole("button", { name: "Log session" }).click();
    await expect(marcus.locator(".session", { hasText: topic })).toContainText("Awaiting confirmation");
  }
  // Logging a session in the future is refused inline, and what was typed stays.
  await log.getByLabel("Date").fill(daysAgo(-3));
  await log.getByLabel("What you talked about").fill("Not yet");
  await log.getByRole("button", { name: "Log session" }).click();
  await expect(marcus.locator("#f-held_on-error")).toContainText("future");
  await expect(log.getByLabel("What you talked about")).toHaveValue("Not yet");

  const leah = await openMatch(browser, "leah.carter@example.net");
  for (let i = 0; i < 3; i++) {
    await leah.getByRole("button", { name: /^Confirm the session of / }).first().click();
    await expect(leah.getByRole("button", { name: /^Confirm the session of / })).toHaveCount(2 - i);
  }
  await expect(leah.locator(".session")).toHaveCount(3);
  for (const s of await leah.locator(".session").all()) await expect(s).toContainText("Confirmed");
  await expect(leah.locator(".plan-done")).toHaveCount(3);
  await expect(leah.getByRole("alert").filter({ hasText: "overdue" })).toHaveCount(0);
  // Leah has the same room; Marcus's sessions were online, so they may now meet in person.
  await expect(leah.getByRole("link", { name: "Join your video room" })).toHaveAttribute("href", room ?? "");
  await expect(leah.getByRole("region", { name: "Log a session" }).getByLabel("In person")).toHaveCount(1);
});

test("an in-person venue must be a public place, never a home, and nothing typed is lost", async ({ browser }) => {
  const sessionMail = () => (mailDir ? inbox().filter((m) => /Tandem mentoring session/.test(m.subject)).length : 0);
  const before = sessionMail();
  const leah = await openMatch(browser, "leah.carter@example.net");
  const plan = leah.getByRole("region", { name: "Plan your next session" });
  await plan.getByLabel("When (UK time)").fill(daysAhead(12, "17:30"));
  await plan.getByLabel("In person").check();
  await plan.getByLabel("Meeting link or place").fill("Marcus's flat, Park Road");
  await plan.getByRole("button", { name: "Plan session" }).click();
  await expect(leah.locator("#f-plan_place-error")).toContainText("never at anyone's home");
  await expect(leah.locator("#f-plan_public_place-error")).toContainText("Confirm that this is a public place");
  await expect(plan.getByLabel("Meeting link or place")).toHaveValue("Marcus's flat, Park Road");
  await expect(plan.getByLabel("When (UK time)")).toHaveValue(daysAhead(12, "17:30"));
  await plan.getByLabel("Meeting link or place").fill("Leeds Central Library, Calverley Street");
  await plan.getByLabel("We meet in a public place, not anyone's home").check();
  await plan.getByRole("button", { name: "Plan session" }).click();
  await expect(leah.locator(".planned-session")).toContainText("Leeds Central Library");
  await leah.getByRole("button", { name: /^Call off the session of / }).click();
  await expect(leah.locator(".planned-session")).toHaveCount(0);
  // The invitation and the cancellation reach both, before the next test counts its own.
  if (mailDir) await expect.poll(() => sessionMail() - before, { timeout: 30_000 }).toBe(4);
});

test("three sessions in, each side tells the team privately how it is going", async ({ browser }) => {
  test.setTimeout(120_000);
  // Leah (three sessions confirmed by the test above) is asked; a wrong submit keeps her words.
  const leah = await openMatch(browser, "leah.carter@example.net");
  const card = leah.getByRole("region", { name: "How is it going?" });
  await expect(card).toContainText("Only the Tandem team sees your answer: Marcus never does.");
  await card.getByLabel("Anything you want the team to know (optional)").fill("We never agree on a time");
  await card.getByRole("button", { name: "Send my answer" }).click();
  await expect(leah.locator(".error-summary")).toContainText("Choose how it is going");
  await expect(card.getByLabel("Anything you want the team to know (optional)")).toHaveValue("We never agree on a time");
  await card.getByLabel("Not working").check();
  await card.getByRole("button", { name: "Send my answer" }).click();
  await expect(card.getByText("You told us: Not working")).toBeVisible();
  await expect(card.getByLabel("Anything you want the team to know (optional)")).toHaveValue("We never agree on a time");
  // "Not working" offers advice from the team and a new match.
  await expect(card.getByRole("link", { name: "Ask for a new match instead (on your dashboard)" })).toHaveAttribute("href", "/#your-match");
  const advice = card.getByLabel("What is not working? The team will reply");
  await advice.fill("Help");
  await card.getByRole("button", { name: "Ask the team for advice" }).click();
  await expect(leah.locator("#f-message-error")).toContainText("at least 10 characters");
  await expect(advice).toHaveValue("Help");
  await advice.fill("We never find a time that suits us both. What can we do?");
  await card.getByRole("button", { name: "Ask the team for advice" }).click();
  await expect(card.getByText(/^You asked the team for advice on .*: waiting for the team/)).toBeVisible();
  await expect(card.getByRole("link", { name: "Read the conversation" })).toHaveAttribute("href", /^\/contact#enquiry-\d+$/);
  const matchPath = new URL(leah.url()).pathname;
  for (const width of [390, 1280]) {
    await leah.setViewportSize({ width, height: 900 });
    await expectAccessible(leah, matchPath);
  }

  // Marcus is asked too, and sees nothing of Leah's answer. He answers without JavaScript.
  const marcusJs = await openMatch(browser, "marcus.lee@example.org");
  const state = await marcusJs.context().storageState();
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const marcus = await noJs.newPage();
  await marcus.goto(matchPath);
  const his = marcus.getByRole("region", { name: "How is it going?" });
  await expect(his).toContainText("Leah never does.");
  await expect(his.getByText(/^You told us/)).toHaveCount(0);
  await expect(marcus.locator("#main")).not.toContainText("agree on a time");
  await his.getByLabel("Anything you want the team to know (optional)").fill("Leah is doing brilliantly");
  await his.getByRole("button", { name: "Send my answer" }).click();
  await expect(marcus.locator(".error-summary")).toContainText("Choose how it is going");
  await expect(his.getByLabel("Anything you want the team to know (optional)")).toHaveValue("Leah is doing brilliantly");
  await his.getByLabel("Going well").check();
  await his.getByRole("button", { name: "Send my answer" }).click();
  await expect(marcus.getByRole("region", { name: "How is it going?" }).getByText("You told us: Going well")).toBeVisible();
  await noJs.close();

  // Staff see both answers and the risk in monitoring, and the thread links to the match.
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/admin/relationships");
  const row = staff.getByRole("row").filter({ hasText: "Leah Carter and Marcus Lee" });
  await expect(row).toContainText("Mentor: going well; Young person: not working");
  await expect(row).toContainText("Young person says it is not working");
  await row.getByRole("link", { name: "Leah Carter and Marcus Lee" }).click();
  await hydrated(staff);
  const answers = staff.getByRole("region", { name: "How is it going? (private answers)" });
  await expect(answers).toContainText("Young person: not working");
  await answers.getByRole("link", { name: /^Leah Carter, / }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Leah Carter: My match");
  await expect(staff.getByText("We never find a time that suits us both.")).toBeVisible();
  await staff.getByRole("link", { name: "Open the match: sessions, answers and timeline" }).click();
  await expect(staff).toHaveURL(new RegExp(`${matchPath}$`));
});

/** A `datetime-local` value `days` from now, at `hh:mm`. */
function daysAhead(days: number, hhmm: string): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}`;
}

test("a pair plan, move and call off a session, and both calendars follow", async ({ browser }) => {
  test.skip(!mailDir, "needs the SMTP sink that `cargo xtask test` starts");
  const sessionMail = () => inbox().filter((m) => /Tandem mentoring session/.test(m.subject)).length;
  const before = sessionMail();
  const marcus = await openMatch(browser, "marcus.lee@example.org");
  const plan = marcus.getByRole("region", { name: "Plan your next session" });
  // A time in the past is refused inline and what was typed stays.
  await plan.getByLabel("When (UK time)").fill(daysAhead(-2, "18:00"));
  await plan.getByLabel("Online").check();
  await plan.getByLabel("Meeting link or place").fill("https://meet.example.org/marcus-leah");
  await plan.getByRole("button", { name: "Plan session" }).click();
  await expect(marcus.locator("#f-plan_at-error")).toContainText("future");
  await expect(plan.getByLabel("Meeting link or place")).toHaveValue("https://meet.example.org/marcus-leah");
  await plan.getByLabel("When (UK time)").fill(daysAhead(10, "18:00"));
  await plan.getByRole("button", { name: "Plan session" }).click();
  await expect(marcus.getByRole("status").filter({ hasText: "Session saved" })).toBeVisible();
  const card = marcus.locator(".planned-session");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("18:00 to 19:00");
  await expect(card.getByRole("link", { name: "Join the meeting" })).toHaveAttribute("href", "https://meet.example.org/marcus-leah");
  // Both sides get an invitation that lists only themselves.
  for (const to of ["marcus.lee@example.org", "leah.carter@example.net"]) {
    const mail = await waitForMail(to, /^Invitation: Tandem mentoring session/);
    expect(mail.calendar).toContain("METHOD:REQUEST");
    expect(mail.calendar).toContain(`mailto:${to}`);
    expect(mail.calendar).not.toContain(to === "marcus.lee@example.org" ? "leah.carter@" : "marcus.lee@");
  }

  // Leah moves it an hour later, from the prefilled form.
  const leah = await openMatch(browser, "leah.carter@example.net");
  await leah.getByRole("link", { name: /^Change the session of / }).click();
  await expect(leah).toHaveURL(/\?change=\d+#plan-session$/);
  await hydrated(leah);
  const change = leah.getByRole("region", { name: "Change a planned session" });
  await expect(change.getByLabel("Meeting link or place")).toHaveValue("https://meet.example.org/marcus-leah");
  await change.getByLabel("When (UK time)").fill(daysAhead(10, "19:00"));
  await change.getByRole("button", { name: "Save the change" }).click();
  await expect(leah.locator(".planned-session")).toContainText("19:00 to 20:00");
  const moved = await waitForMail("marcus.lee@example.org", /^Changed: Tandem mentoring session/);
  expect(moved.calendar).toMatch(/SEQUENCE:[1-9]/);

  // Marcus calls it off: both get the cancellation, and the page offers to plan again.
  await marcus.reload();
  await hydrated(marcus);
  await marcus.getByRole("button", { name: /^Call off the session of / }).click();
  await expect(marcus.getByRole("status").filter({ hasText: "Session called off" })).toBeVisible();
  await expect(marcus.locator(".planned-session")).toHaveCount(0);
  for (const to of ["marcus.lee@example.org", "leah.carter@example.net"]) {
    const off = await waitForMail(to, /^Cancelled: Tandem mentoring session/);
    expect(off.calendar).toContain("METHOD:CANCEL");
  }
  // An invitation, a change and a cancellation, each to both of them.
  // (Counted once delivered: the waits above can be met by the same kinds of email sent earlier.)
  await expect.poll(() => sessionMail() - before, { timeout: 30_000 }).toBe(6);
});


for (const width of [390, 1280]) {
  test(`the match page with a planned session passes axe at ${width} px`, async ({ browser }) => {
    const leah = await openMatch(browser, "leah.carter@example.net");
    await leah.setViewportSize({ width, height: 900 });
    const plan = leah.getByRole("region", { name: "Plan your next session" });
    await plan.getByLabel("When (UK time)").fill(daysAhead(20, "17:30"));
    await plan.getByLabel("In person").check();
    await plan.getByLabel("Meeting link or place").fill("Leeds Central Library, Calverley Street");
    await plan.getByLabel("We meet in a public place, not anyone's home").check();
    await plan.getByRole("button", { name: "Plan session" }).click();
    await expect(leah.locator(".planned-session")).toContainText("Leeds Central Library");
    const change = (await leah.getByRole("link", { name: /^Change the session of / }).getAttribute("href")) ?? "";
    for (const path of [new URL(leah.url()).pathname, change]) {
      await expectAccessible(leah, path);
      await leah.screenshot({ path: `test-results/match-page-${width}-${path.includes("change") ? "change" : "plan"}.png`, fullPage: true });
    }
    await leah.getByRole("button", { name: /^Call off the session of / }).click();
    await expect(leah.locator(".planned-session")).toHaveCount(0);
  });
}

test("a coordinator passes a mentor's message on to an under-18", async ({ browser }) => {
  const ruth = await openMatch(browser, "ruth.bennett@example.org");
  await expect(ruth.getByText(/Contact goes through the Mentoring Coordinator at Northfield Academy/)).toBeVisible();
  await expect(ruth.getByText("Contact details", { exact: true })).toHaveCount(0);
  await ruth.getByLabel("Your message").fill("See you in the school library on Thursday, Kofi");
  await ruth.getByRole("button", { name: "Send message" }).click();
  await expect(ruth.getByRole("status")).toContainText(/with the Mentoring Coordinator to pass on/i);
  // Sent: the box is empty (no second copy by accident) and focus is on what happened.
  await expect(ruth.getByLabel("Your message")).toHaveValue("");
  await expect(ruth.getByRole("status").filter({ hasText: "Message sent" })).toBeFocused();

  const kofi = await openMatch(browser, "kofi.asante@northfield.example");
  await expect(kofi.locator(".messages")).toHaveCount(0);

  const context = await browser.newContext();
  const coordinator = await context.newPage();
  await signIn(coordinator, "coordinator@northfield.example");
  await coordinator.getByRole("link", { name: "Messages to pass on" }).click();
  await hydrated(coordinator);
  const item = coordinator.locator("li.card", { hasText: "school library on Thursday" });
  await expect(item).toContainText("From Ruth Bennett to Kofi Asante");
  await item.getByRole("button", { name: "Pass on", exact: true }).click();
  await expect(coordinator.getByRole("status")).toContainText("delivered");

  await kofi.reload();
  await expect(kofi.locator(".messages")).toContainText("See you in the school library on Thursday, Kofi");
});

test("a held message is approved by staff and then delivered", async ({ browser }) => {
  const marcus = await openMatch(browser, "marcus.lee@example.org");
  await expect(marcus.getByText(/Messages are kept and moderated/)).toBeVisible();
  await marcus.getByLabel("Your message").fill("easier to chat on w h a t s a p p?");
  await marcus.getByRole("button", { name: "Send message" }).click();
  await expect(marcus.getByRole("status")).toContainText("held for review");

  const leah = await openMatch(browser, "leah.carter@example.net");
  await expect(leah.getByText("easier to chat on")).toHaveCount(0);

  const context = await browser.newContext();
  const staff = await context.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Held messages" }).click();
  await hydrated(staff);
  const item = staff.locator("li.card", { hasText: "easier to chat on" });
  await expect(item).toContainText("Contains a social media handle or app");
  await item.getByRole("button", { name: "Approve and deliver" }).click();
  await expect(staff.getByRole("status")).toContainText("delivered");

  await leah.reload();
  await expect(leah.locator(".messages")).toContainText("easier to chat on w h a t s a p p?");
});

test("a match is closed and the mentor accepts a new match", async ({ browser }) => {
  const marcus = await openMatch(browser, "marcus.lee@example.org");
  await marcus.getByText("End the mentoring", { exact: true }).click();
  await marcus.getByLabel("Early: the goals were met").check();
  await marcus.getByLabel(/Anything to add/).fill("Leah has a job offer");
  await marcus.getByRole("button", { name: "End mentoring now" }).click();
  await expect(marcus.getByText(/^Ended on .*goals were met/)).toBeVisible();
  await expect(marcus.getByLabel("Your message")).toHaveCount(0);
  await expect(marcus.getByRole("heading", { name: "Exit survey" })).toBeVisible();
  await marcus.getByRole("button", { name: "Send exit survey" }).click();
  await expect(marcus.locator("#f-rating")).toContainText("Choose how your mentoring went");
  await marcus.locator("#f-rating").getByLabel("5").check();
  await marcus.locator("#f-nps").getByLabel("9", { exact: true }).check();
  await marcus.getByRole("button", { name: "Send exit survey" }).click();
  await expect(marcus.getByRole("status")).toContainText("Thank you for telling us");

  await marcus.goto("/dashboard");
  await hydrated(marcus);
  await expect(marcus.getByRole("heading", { name: "Thank you for mentoring" })).toBeVisible();
  await marcus.getByRole("button", { name: "Yes, find another young person for me to help" }).click();
  await expect(marcus.getByRole("status")).toContainText("You are back in the pool");

  // Staff find Marcus among a waiting young person's candidates and confirm the match.
  const context = await browser.newContext();
  const staff = await context.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.goto("/admin/matching");
  await hydrated(staff);
  const links = await staff.locator("table tbody tr a[href*='/admin/matching/young/']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  let matchedWith = "";
  for (const href of links) {
    await staff.goto(href);
    await hydrated(staff);
    const young = (await staff.getByRole("heading", { level: 1 }).innerText()).trim();
    const button = staff.getByRole("button", { name: `Match ${young} with Marcus Lee` });
    if ((await button.count()) > 0) {
      await button.click();
      await expect(staff.getByRole("status")).toContainText("Matched");
      matchedWith = young;
      break;
    }
  }
  expect(matchedWith, "some waiting young person can be matched with Marcus").not.toBe("");
  await marcus.reload();
  await expect(marcus.getByRole("heading", { name: /^Your match: / })).toHaveText(`Your match: ${matchedWith.split(" ")[0]}`);
});

test("staff set how many sessions adult pairs hold online first; others cannot", async ({ browser }) => {
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Programme settings");
  await hydrated(staff);
  const field = staff.getByLabel("Online sessions before meeting in person");
  await expect(field).toHaveValue("2");
  await expect(staff.getByText("Each match has its own room on https://meet.tandem.example")).toBeVisible();
  await field.fill("13");
  await staff.getByRole("button", { name: "Save settings" }).click();
  await expect(staff.locator("#f-online_sessions_first-error")).toContainText("Enter a whole number from 0 to 12");
  await expect(field).toHaveValue("13");
  await field.fill("3");
  await staff.getByRole("button", { name: "Save settings" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Saved: adult pairs hold 3 sessions online" })).toBeVisible();
  await expect(staff.getByText(/^Changed by Sam Whitfield on /)).toBeVisible();
  for (const width of [390, 1280]) {
    await staff.setViewportSize({ width, height: 900 });
    await expectAccessible(staff, "/admin/settings");
  }
  // Back to the default for the other tests.
  await staff.getByLabel("Online sessions before meeting in person").fill("2");
  await staff.getByRole("button", { name: "Save settings" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Saved: adult pairs hold 2 sessions online" })).toBeVisible();

  const mentor = await (await browser.newContext()).newPage();
  await signIn(mentor, "marcus.lee@example.org");
  const res = await mentor.goto("/admin/settings");
  expect(res?.status()).toBe(403);
});
