import { test, expect, hydrated, signIn } from "./fixtures";

for (const width of [390, 1280]) {
  test(`shots ${width}`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const shot = async (name: string) => {
      await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
    };
    await page.goto("/");
    await hydrated(page);
    await shot("home");
    await page.goto("/impact");
    await hydrated(page);
    await shot("impact");
    await page.goto("/policies");
    await hydrated(page);
    await shot("policies");
    await page.goto("/policies/gifts-and-hospitality");
    await hydrated(page);
    await shot("policy");
    await signIn(page, "amara.okafor@example.org");
    await shot("amara-dashboard");
    await page.goto("/policies/accept");
    await hydrated(page);
    await page.getByRole("button", { name: "Accept and continue" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await shot("accept");
    await signIn(page, "marcus.lee@example.org");
    await page.goto("/gifts");
    await hydrated(page);
    await page.getByText(/Read the gifts and hospitality policy/).click();
    await page.getByLabel("Value in pounds").fill("40");
    await shot("gifts");
    await signIn(page, "staff@tandem.example");
    await page.goto("/admin/policies");
    await hydrated(page);
    await shot("admin-policies");
    await page.getByRole("link", { name: "Code of conduct for mentors" }).click();
    await hydrated(page);
    await shot("edit-policy");
    await page.goto("/admin/mentors?filter=approved&name=Marcus");
    await page.getByRole("link", { name: "Marcus Lee" }).click();
    await hydrated(page);
    await shot("mentor-record");
  });
}
