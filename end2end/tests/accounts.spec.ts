import { test, expect, enterCode, hydrated, signIn, register, expectBrowserStatusMessage, DEMO_PASSWORD } from "./fixtures";

test("a mentor registers, signs out, signs back in and sees the mentor dashboard", async ({ page }) => {
  const email = `new.mentor.${Date.now()}@example.org`;
  const password = "orchard-lantern-58";
  await register(page, { role: "A mentor", name: "Nadia Brennan", email, dob: "1984-05-17", password });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Nadia Brennan");
  await expect(page.getByText("You joined Tandem as a mentor")).toBeVisible();
  await expect(page.locator(".step-done")).toContainText("Create your account");
  await expect(page.locator(".role-badge")).toHaveText("Mentor");
  // The course's target: two weeks after joining.
  const target = new Date(Date.now() + 14 * 24 * 3600 * 1000);
  const month = target.toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  await expect(page.locator("li", { hasText: "Online training course" })).toContainText(
    `Aim to finish by ${target.getUTCDate()} ${month} ${target.getUTCFullYear()}`,
  );

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // Signed out on the server: the dashboard now sends us to sign in.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, email, password);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Nadia Brennan");
  await expect(page.getByRole("link", { name: "Your account" })).toBeVisible();
});

test("registration checks answers in the browser and keeps what was typed", async ({ page }) => {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("Full name").fill("Leo Marsh");
  await page.getByLabel("Email address").fill("leo@nowhere");
  await page.getByLabel("Create a password").fill("password1");
  await page.getByRole("button", { name: "Create account" }).click();

  const summary = page.locator(".error-summary");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("Choose whether you are joining as a mentor or a young person");
  await expect(page.locator("#f-email-error")).toContainText("Enter an email address in the correct format");
  await expect(page.locator("#f-password-error")).toContainText("too common");
  await expect(page.locator("#f-date_of_birth-error")).toContainText("Enter your date of birth");
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Full name")).toHaveValue("Leo Marsh");
  await expect(page.getByLabel("Email address")).toHaveValue("leo@nowhere");
  await expect(page).toHaveURL(/\/register$/);
});

test("a duplicate email gets a field error from the server, not a crash", async ({ page }) => {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("A young person").check();
  await page.getByLabel("Full name").fill("Jordan Ellis");
  await page.getByLabel("Email address").fill("JORDAN.ELLIS@example.org");
  await page.getByLabel("Date of birth").fill("2006-02-01");
  await page.getByLabel("Create a password").fill("violet-harbour-31");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#f-email-error")).toContainText("An account with this email address already exists");
  await expect(page.getByLabel("Full name")).toHaveValue("Jordan Ellis");
  await expect(page.getByLabel("Create a password")).toHaveValue("violet-harbour-31");
});

test("a wrong password shows a clear error", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email address").fill("amara.okafor@example.org");
  await page.getByLabel("Password", { exact: true }).fill("not-my-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "email address or password is not correct" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email address")).toHaveValue("amara.okafor@example.org");
});

test("a young person cannot open a staff page: a forbidden page, not a crash", async ({ page, consoleErrors }) => {
  await signIn(page, "jordan.ellis@example.org");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Jordan Ellis");
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
  await expect(page.getByText("amara.okafor@example.org")).toHaveCount(0);
  await hydrated(page);
  expectBrowserStatusMessage(consoleErrors, 403);
});

test("staff see everyone and create a coordinator account with checks", async ({ page }) => {
  await signIn(page, "staff@tandem.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Programme overview");
  await page.getByRole("link", { name: "People" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await hydrated(page);
  await expect(page.locator("tbody tr")).toHaveCount(25);

  const email = `coordinator.${Date.now()}@riverside.example`;
  await page.getByLabel("Full name").fill("Priya Nair");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption("coordinator");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".error-summary")).toContainText("Choose the partner organisation");

  await page.getByLabel("Partner organisation").selectOption({ label: "Riverside Youth Trust" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`We have emailed ${email}`);
  await expect(page.locator("tbody")).toContainText(email);
});

test("pages are readable without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("One-to-one. One hour a month. Twelve months.");
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await expect(page.getByLabel("Email address")).toBeVisible();
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");

  // Forms post straight to the server and still work.
  await page.goto("/login");
  await page.getByLabel("Email address").fill("staff@tandem.example");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Staff sign-in has a second step, also a plain form.
  await expect(page).toHaveURL(/\/login\/verify\?ticket=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Two-step verification");
  await enterCode(page, false);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Programme overview");
  await context.close();
});

test("the not-found page hydrates cleanly and offers a way home", async ({ page, consoleErrors }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByRole("link", { name: "Go to the Tandem home page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("One-to-one. One hour a month. Twelve months.");
  expectBrowserStatusMessage(consoleErrors, 404);
});

test("a person changes their password: wrong current password is caught, the new one works", async ({ page }) => {
  const email = `changer.${Date.now()}@example.org`;
  await register(page, { role: "A young person", name: "Sol Adeyemi", email, dob: "2005-08-30", password: "meadow-copper-88" });

  await page.getByRole("link", { name: "Your account" }).click();
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Current password").fill("not-it-at-all");
  await page.getByLabel("New password").fill("river-stone-lantern");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#f-current_password-error")).toContainText("Your current password is not correct");
  await expect(page.getByLabel("New password")).toHaveValue("river-stone-lantern");

  await page.getByLabel("Current password").fill("meadow-copper-88");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await signIn(page, email, "river-stone-lantern");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Sol Adeyemi");
});
