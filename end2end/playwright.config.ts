import { defineConfig } from "@playwright/test";

// The server is started by `cargo xtask test` (release build, fresh SQLite with demo data).
const baseURL = process.env.TANDEM_E2E_URL ?? "http://127.0.0.1:3100";

export default defineConfig({
  testDir: "./tests",
  // Generous: a staff sign-in may wait for the next two-step code (30 s steps).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
