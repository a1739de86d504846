// Time from navigation to an interactive page (`body[data-hydrated]`) on phone profiles, in
// Debian Chromium through Playwright with CDP throttling, cold cache each run; median of 5
// per page and profile, printed as a table.
//
//   cargo leptos build --release --precompress --split && node tools/bench/hydration.mjs
//
// Starts the release server itself on a fresh SQLite database with the demo programme.
// Profiles: mid-range phone (4x CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT)
// and low-end phone (6x CPU, 750 kbit/s down, 250 kbit/s up, 300 ms RTT).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(root, "end2end/package.json"));
const { chromium } = require("@playwright/test");

const RUNS = Number(process.env.RUNS ?? 5);
const PORT = Number(process.env.PORT ?? 3402);
const BASE = `http://127.0.0.1:${PORT}`;
const BIN =
  process.env.TANDEM_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/tandem/target"), "release/tandem");
const PROFILES = [
  { name: "mid-range phone", cpu: 4, down: 1.6e6, up: 750e3, rtt: 150 },
  { name: "low-end phone", cpu: 6, down: 750e3, up: 250e3, rtt: 300 },
];
const PAGES = [
  { name: "home", path: "/" },
  { name: "register", path: "/register" },
  { name: "young person's dashboard", path: "/dashboard", as: "jordan.ellis@example.org" },
  { name: "mentor's dashboard", path: "/dashboard", as: "amara.okafor@example.org" },
];

const work = mkdtempSync(join(tmpdir(), "tandem-hydration-"));
const server = spawn(BIN, [], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: `sqlite://${work}/bench.db?mode=rwc`,
    TANDEM_LISTEN_ADDR: `127.0.0.1:${PORT}`,
    TANDEM_DEMO_DATA: "true",
    RUST_LOG: "warn",
    LEPTOS_OUTPUT_NAME: "tandem",
    LEPTOS_SITE_ROOT: join(root, "target/site"),
    LEPTOS_SITE_PKG_DIR: "pkg",
    LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
    LEPTOS_HASH_FILES: "true",
  },
  stdio: "ignore",
});
const stop = () => {
  server.kill();
  rmSync(work, { recursive: true, force: true });
};

async function healthy() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not start");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(browser, page, profile, cookies) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  if (cookies) await context.addCookies(cookies);
  // The moment the page marks itself hydrated, relative to the start of navigation.
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body?.dataset.hydrated) {
        window.__hydratedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
  });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.rtt,
    downloadThroughput: profile.down / 8,
    uploadThroughput: profile.up / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
  await tab.goto(BASE + page.path, { waitUntil: "commit" });
  await tab.waitForSelector("body[data-hydrated]", { state: "attached", timeout: 120_000 });
  const at = await tab.evaluate(() => window.__hydratedAt);
  // What the page fetched of the bundle (the main file and its lazily loaded chunks).
  const wasm = await tab.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname.endsWith(".wasm"))
      .map((e) => ({ wire: e.encodedBodySize, raw: e.decodedBodySize })),
  );
  await context.close();
  return { at: at / 1000, files: wasm.length, wire: wasm.reduce((n, e) => n + e.wire, 0), raw: wasm.reduce((n, e) => n + e.raw, 0) };
}

async function signIn(browser, email) {
  const context = await browser.newContext();
  const res = await context.request.post(`${BASE}/api/login`, {
    form: { email, password: "tandem-demo-2026" },
    headers: { accept: "application/json" },
  });
  if (!res.ok()) throw new Error(`sign in as ${email}: ${res.status()}`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

try {
  await healthy();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
  });
  console.log(`hydration, median of ${RUNS}, ${(await browser.version())}, cold cache, 390 x 844`);
  const header = ["page", "wasm fetched", ...PROFILES.map((p) => p.name)];
  const rows = [];
  for (const page of PAGES) {
    const cookies = page.as ? await signIn(browser, page.as) : undefined;
    const cells = [];
    let fetched;
    for (const profile of PROFILES) {
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        const m = await measure(browser, page, profile, cookies);
        fetched = m;
        times.push(m.at);
      }
      cells.push(`${median(times).toFixed(2)} s (${Math.min(...times).toFixed(2)} to ${Math.max(...times).toFixed(2)})`);
    }
    const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
    rows.push([
      `${page.name} (${page.path})`,
      `${fetched.files} file${fetched.files === 1 ? "" : "s"}, ${kib(fetched.wire)} on the wire (${kib(fetched.raw)} raw)`,
      ...cells,
    ]);
    console.log(`| ${rows.at(-1).join(" | ")} |`);
  }
  console.log(`\n| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  await browser.close();
} finally {
  stop();
}
