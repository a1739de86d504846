import { test, expect, hydrated, signIn } from "./fixtures";

test("staff publish a bulletin post that mentors see, and young people do not", async ({ browser }) => {
  test.setTimeout(120_000);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@tandem.example");
  await staff.getByRole("link", { name: "Bulletin" }).click();
  await hydrated(staff);
  await staff.getByText("Publish a post").click();
  // A post with no audience is refused inline, and what was typed stays.
  const title = `Winter skills session ${Date.now()}`;
  await staff.getByLabel("Title").fill(title);
  await staff.getByLabel("Post").fill("Join us online on 10 December for a session on giving feedback.\n\nBring a question.");
  await staff.getByRole("button", { name: "Publish" }).click();
  await expect(staff.locator("#f-audience .error-message")).toHaveText("Choose who the post is for");
  await expect(staff.getByLabel("Title")).toHaveValue(title);
  await staff.getByLabel("Mentors", { exact: true }).check();
  await staff.getByRole("button", { name: "Publish" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Published." })).toBeVisible();
  await expect(staff.getByRole("status").filter({ hasText: "Published." })).toBeFocused();
  await staff.getByText("Publish a post").click();
  await expect(staff.getByLabel("Title")).toHaveValue("");
  await expect(staff.getByLabel("Post")).toHaveValue("");
  await expect(staff.getByRole("heading", { name: title })).toBeVisible();

  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  await signIn(mentor, "amara.okafor@example.org");
  await mentor.getByRole("link", { name: "Community" }).click();
  await hydrated(mentor);
  const post = mentor.locator("article").filter({ has: mentor.getByRole("heading", { name: title }) });
  await expect(post).toContainText("Bring a question.");
  await expect(post).toContainText("for mentors");
  await expect(mentor.getByRole("button", { name: "Publish" })).toHaveCount(0);

  const ypContext = await browser.newContext();
  const yp = await ypContext.newPage();
  await signIn(yp, "jordan.ellis@example.org");
  await yp.getByRole("link", { name: "News" }).click();
  await hydrated(yp);
  await expect(yp.getByRole("heading", { level: 1 })).toHaveText("Community");
  await expect(yp.getByRole("heading", { name: title })).toHaveCount(0);
});
