//! `cargo xtask run` builds and serves Tandem on SQLite with demo data;
//! `cargo xtask test` runs every test level; `cargo xtask ci` adds fmt and clippy.
//! Every tool the project needs is installed here, idempotently: check, then install.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const CARGO_LEPTOS_VERSION: &str = "0.3.10";

/// The crates built with the server (ssr) feature set; `frontend` is the wasm side.
const SERVER_CRATES: [&str; 7] = ["domain", "matching", "migrations", "services", "app", "server", "xtask"];

fn packages(names: &[&str]) -> Vec<String> {
    names.iter().flat_map(|n| ["-p".to_string(), n.to_string()]).collect()
}

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = workspace_root();
    let _ = ENV.set(project_env());
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(&root, true),
        Some("run") => run(&root),
        Some("test") => test(&root),
        Some("lint") => lint(&root),
        Some("ci") => lint(&root).and_then(|_| test(&root)),
        _ => {
            eprintln!("usage: cargo xtask <run | test | lint | ci | setup>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn home() -> PathBuf {
    env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/root"))
}

/// Builds go to a target directory outside the checkout, so a fresh clone on the same
/// machine (CI) reuses earlier builds; the project's npm tools go first on PATH. Both live
/// under ~/.cache/tandem, so PATH is the same whatever the checkout's location (build scripts
/// that watch PATH would otherwise rebuild everything in each fresh clone).
struct Env {
    target_dir: PathBuf,
    path: String,
}

fn project_env() -> Env {
    let target_dir =
        env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| home().join(".cache/tandem/target"));
    let tools_bin = tools_dir().join("node_modules/.bin");
    let cargo_bin = home().join(".cargo/bin");
    let path = format!("{}:{}:{}", tools_bin.display(), cargo_bin.display(), env::var("PATH").unwrap_or_default());
    Env { target_dir, path }
}

static ENV: std::sync::OnceLock<Env> = std::sync::OnceLock::new();

/// A command with the project's environment applied.
fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    if let Some(e) = ENV.get() {
        c.env("CARGO_TARGET_DIR", &e.target_dir).env("PATH", &e.path);
    }
    c
}

fn target_dir() -> PathBuf {
    ENV.get().map(|e| e.target_dir.clone()).unwrap_or_else(|| PathBuf::from("target"))
}

/// The command as a person would type it (without the environment).
fn shown(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    match cmd.get_current_dir() {
        Some(dir) => format!("(in {}) {}", dir.display(), parts.join(" ")),
        None => parts.join(" "),
    }
}

fn sh(cmd: &mut Command) -> Result {
    let shown = shown(cmd);
    println!("\n==> {shown}");
    let status = cmd.status().map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed with {status}")) }
}

/// Test counts gathered from the runners' own summary lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Reads cargo's "test result: ok. 3 passed; 0 failed; ..." and Playwright's
    /// "8 passed (9.2s)" / "1 failed" lines.
    fn read(&mut self, line: &str) {
        let line = line.trim();
        let number_before = |word: &str| -> Option<u64> {
            let i = line.find(word)?;
            line[..i].split(|c: char| !c.is_ascii_digit()).rfind(|s| !s.is_empty())?.parse().ok()
        };
        if line.starts_with("test result: ") {
            self.passed += number_before(" passed").unwrap_or(0);
            self.failed += number_before(" failed").unwrap_or(0);
        } else if line.ends_with(')') && line.contains(" passed (") && !line.contains('›') {
            self.passed += number_before(" passed").unwrap_or(0);
        } else if line.ends_with(" failed") && line.split_whitespace().count() == 2 {
            self.failed += number_before(" failed").unwrap_or(0);
        }
    }
}

/// Runs a test command, echoing its output and counting what its runner reports.
fn sh_tally(cmd: &mut Command, tally: &mut Tally) -> Result {
    use std::io::{BufRead, BufReader};
    let shown = shown(cmd);
    println!("\n==> {shown}");
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start {shown}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            println!("{line}");
            tally.read(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed with {status}")) }
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn have(program: &str) -> bool {
    cmd("sh").args(["-c", &format!("command -v {program}")]).stdout(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn apt_install(packages: &[&str]) -> Result {
    sh(cmd("apt-get").arg("update").arg("-qq"))?;
    sh(cmd("apt-get").args(["install", "-y", "-qq"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Installs whatever is missing. `for_tests` adds Chromium, Playwright and PostgreSQL.
fn setup(root: &Path, for_tests: bool) -> Result {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.contains("wasm32-unknown-unknown") {
        sh(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let leptos_ok = output_of("cargo", &["leptos", "--version"]).is_some_and(|v| v.contains(CARGO_LEPTOS_VERSION));
    if !leptos_ok {
        println!(
            "cargo-leptos {CARGO_LEPTOS_VERSION} is missing: installing (20-30 minutes on 2 cores, once per machine)"
        );
        sh(cmd("cargo").args(["install", "cargo-leptos", "--version", CARGO_LEPTOS_VERSION, "--locked"]))?;
    }
    let wb = locked_wasm_bindgen(root)?;
    if !output_of("wasm-bindgen", &["--version"]).is_some_and(|v| v.trim().ends_with(&wb)) {
        sh(cmd("cargo")
            .args(["install", "wasm-bindgen-cli", "--version", &wb, "--force"])
            .env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback"))?;
    }
    if !have("npm") {
        apt_install(&["nodejs", "npm"])?;
    }
    install_npm_tools(root)?;
    if for_tests {
        if !Path::new("/usr/bin/chromium").exists() {
            apt_install(&["chromium"])?;
        }
        let e2e_packages = ["@playwright/test", "@axe-core/playwright"];
        if e2e_packages.iter().any(|p| !root.join("end2end/node_modules").join(p).exists()) {
            sh(cmd("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(root.join("end2end"))
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))?;
        }
        ensure_postgres()?;
        ensure_oracles(root)?;
    }
    Ok(())
}

/// The Python test peers, in a virtual environment outside any checkout: the matching
/// solver's oracles (OR-Tools, SciPy) and the mail tests' SMTP server and calendar parser
/// (aiosmtpd, icalendar). Reinstalled when either requirements file changes.
fn pyenv_dir() -> PathBuf {
    home().join(".cache/tandem/pyenv")
}

const PY_REQUIREMENTS: [&str; 2] = ["matching/oracle/requirements.txt", "tools/mail/requirements.txt"];

fn ensure_oracles(root: &Path) -> Result {
    let dir = pyenv_dir();
    let mut wanted = Vec::new();
    for f in PY_REQUIREMENTS {
        wanted.extend(std::fs::read(root.join(f)).map_err(|e| format!("{f}: {e}"))?);
    }
    let stamp = dir.join("tandem-requirements.txt");
    if std::fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) && dir.join("bin/python").exists() {
        return Ok(());
    }
    if !dir.join("bin/python").exists() {
        sh(cmd("python3").args(["-m", "venv"]).arg(&dir))?;
    }
    let mut pip = cmd(&dir.join("bin/pip").display().to_string());
    pip.args(["install", "--quiet"]);
    for f in PY_REQUIREMENTS {
        pip.arg("-r").arg(root.join(f));
    }
    sh(&mut pip)?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// Where the npm build tools (wasm-opt) are installed, outside any checkout.
fn tools_dir() -> PathBuf {
    home().join(".cache/tandem/tools")
}

/// Installs `tools/package-lock.json` into the tools directory when it is missing or changed.
fn install_npm_tools(root: &Path) -> Result {
    let dir = tools_dir();
    let lock =
        std::fs::read(root.join("tools/package-lock.json")).map_err(|e| format!("tools/package-lock.json: {e}"))?;
    let installed = std::fs::read(dir.join("package-lock.json")).ok();
    if installed.as_deref() == Some(lock.as_slice()) && dir.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for f in ["package.json", "package-lock.json"] {
        std::fs::copy(root.join("tools").join(f), dir.join(f)).map_err(|e| format!("copy {f}: {e}"))?;
    }
    sh(cmd("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))
}

fn pg_ready() -> bool {
    Command::new("pg_isready").args(["-h", "127.0.0.1", "-p", "5432", "-q"]).status().is_ok_and(|s| s.success())
}

/// Starts the local PostgreSQL if it is stopped; installs it on a bare Debian machine.
fn ensure_postgres() -> Result {
    if pg_ready() {
        return Ok(());
    }
    let fresh_install = !Path::new("/etc/postgresql").exists();
    if fresh_install {
        apt_install(&["postgresql"])?;
    }
    let versions = std::fs::read_dir("/etc/postgresql").map_err(|e| format!("/etc/postgresql: {e}"))?;
    for v in versions.flatten() {
        let v = v.file_name().to_string_lossy().into_owned();
        if fresh_install {
            trust_loopback(&v)?;
        }
        let _ = sh(cmd("pg_ctlcluster").args(["--skip-systemctl-redirect", &v, "main", "start"]));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if pg_ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Err("PostgreSQL did not start on 127.0.0.1:5432".into())
}

/// A server we just installed for the tests accepts the test user over loopback without a
/// password, like the project's machines do. Existing installations are left alone.
fn trust_loopback(version: &str) -> Result {
    let hba = format!("/etc/postgresql/{version}/main/pg_hba.conf");
    let current = std::fs::read_to_string(&hba).map_err(|e| format!("{hba}: {e}"))?;
    let rule = "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n";
    std::fs::write(&hba, format!("{rule}{current}")).map_err(|e| format!("{hba}: {e}"))
}

/// The release build: the server, and the site's files with hashed names and Brotli and
/// gzip copies written once here (`--precompress`), served as they are; the browser's code
/// cut into the lazily loaded groups of pages of `app/src/routes.rs` (`--split`).
fn build_site(root: &Path) -> Result {
    sh(cmd("cargo").args(["leptos", "build", "--release", "--precompress", "--split"]).current_dir(root))
}

fn run(root: &Path) -> Result {
    setup(root, false)?;
    build_site(root)?;
    let addr = env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    println!("\nTandem is at http://{addr} (Ctrl+C stops it)");
    sh(Command::new(target_dir().join("release/tandem"))
        .current_dir(root)
        .env("TANDEM_LISTEN_ADDR", &addr)
        .envs(site_env(root, &addr)))
}

/// What the server needs to find the site cargo-leptos built.
fn site_env(root: &Path, addr: &str) -> Vec<(&'static str, String)> {
    vec![
        ("LEPTOS_OUTPUT_NAME", "tandem".into()),
        ("LEPTOS_SITE_ROOT", site_root(root).display().to_string()),
        ("LEPTOS_SITE_PKG_DIR", "pkg".into()),
        ("LEPTOS_SITE_ADDR", addr.into()),
        ("LEPTOS_HASH_FILES", "true".into()),
    ]
}

fn lint(root: &Path) -> Result {
    setup(root, false)?;
    sh(cmd("cargo").args(["fmt", "--all", "--check"]).current_dir(root))?;
    // The benchmarks are linted with the server crates but not built by the test run.
    sh(cmd("cargo")
        .arg("clippy")
        .args(packages(&SERVER_CRATES))
        .args(["-p", "benches"])
        .args(["--features", "app/ssr", "--all-targets", "--", "-D", "warnings"])
        .current_dir(root))?;
    sh(cmd("cargo")
        .args([
            "clippy",
            "-p",
            "frontend",
            "-p",
            "app",
            "--features",
            "app/hydrate",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(root))
}

/// The site directory cargo-leptos writes (relative to the workspace root).
fn site_root(root: &Path) -> PathBuf {
    root.join("target/site")
}

fn test(root: &Path) -> Result {
    setup(root, true)?;
    let started = Instant::now();
    let mut tally = Tally::default();
    let result = run_tests(root, &mut tally);
    println!("\nxtask: test levels finished in {:.0?}", started.elapsed());
    println!("tests: {} passed, {} failed", tally.passed, tally.failed);
    result
}

fn run_tests(root: &Path, tally: &mut Tally) -> Result {
    // Unit, service (SQLite and PostgreSQL) and HTTP-level tests in one build.
    sh_tally(
        cmd("cargo")
            .arg("test")
            .args(packages(&SERVER_CRATES))
            .args(["--features", "app/ssr"])
            .env("TANDEM_TEST_SITE_ROOT", site_root(root))
            .env("TANDEM_PYTHON", pyenv_dir().join("bin/python"))
            .current_dir(root),
        tally,
    )?;
    // End-to-end journeys in Chromium against the release build.
    build_site(root)?;
    end2end(root, tally)
}

struct ServerGuard(Child);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A minimal HTTP GET of /healthz over std's TCP (no curl needed on a fresh machine).
fn healthz_ok(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(format!("GET /healthz HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes()).is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200")
}

fn wait_healthy(addr: &str, child: &mut Child) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the server exited early: {status}"));
        }
        if healthz_ok(addr) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    Err(format!("http://{addr}/healthz did not answer within 60 s"))
}

/// A free loopback address for the end-to-end server, so a server left running elsewhere
/// can never answer in its place.
fn free_addr() -> Result<String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.to_string())
}

/// Starts `tools/mail/smtp_sink.py` (aiosmtpd, in the test virtual environment) writing to
/// `dir`; returns it and its port.
fn start_smtp_sink(root: &Path, dir: &Path) -> Result<(Child, u16)> {
    use std::io::BufRead;
    let python = pyenv_dir().join("bin/python");
    let mut child = Command::new(&python)
        .arg(root.join("tools/mail/smtp_sink.py"))
        .arg("--dir")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start the SMTP sink with {}: {e}", python.display()))?;
    let out = child.stdout.take().ok_or("the SMTP sink has no output")?;
    let mut line = String::new();
    std::io::BufReader::new(out).read_line(&mut line).map_err(|e| format!("SMTP sink: {e}"))?;
    let port =
        line.trim().strip_prefix("READY ").and_then(|p| p.parse().ok()).ok_or(format!("SMTP sink said `{line}`"))?;
    Ok((child, port))
}

fn end2end(root: &Path, tally: &mut Tally) -> Result {
    let addr = free_addr()?;
    let addr = addr.as_str();
    let db_file = env::temp_dir().join(format!("tandem-e2e-{}.db", std::process::id()));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db_file.display()));
    }
    // A real SMTP server on loopback receives the server's email; the journeys read it.
    let mail_dir = env::temp_dir().join(format!("tandem-e2e-mail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&mail_dir);
    let (sink, smtp_port) = start_smtp_sink(root, &mail_dir)?;
    let _sink = ServerGuard(sink);
    let bin = target_dir().join("release/tandem");
    let log = std::fs::File::create(env::temp_dir().join("tandem-e2e-server.log")).map_err(|e| e.to_string())?;
    let child = Command::new(&bin)
        .current_dir(root)
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", db_file.display()))
        .env("TANDEM_LISTEN_ADDR", addr)
        .env("TANDEM_DEMO_DATA", "true")
        .envs(site_env(root, addr))
        .env("TANDEM_SMTP_HOST", "127.0.0.1")
        .env("TANDEM_SMTP_PORT", smtp_port.to_string())
        .env("TANDEM_SMTP_SECURITY", "none")
        .env("TANDEM_MAIL_FROM", "Tandem <hello@tandem.example>")
        // Pairs' video rooms are links on this (never visited) service.
        .env("TANDEM_VIDEO_BASE_URL", "https://meet.tandem.example")
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
    let mut guard = ServerGuard(child);
    wait_healthy(addr, &mut guard.0)?;
    let result = sh_tally(
        cmd("npx")
            .args(["playwright", "test"])
            .current_dir(root.join("end2end"))
            .env("TANDEM_E2E_URL", format!("http://{addr}"))
            .env("TANDEM_E2E_MAIL_DIR", &mail_dir)
            .env("TANDEM_PYTHON", pyenv_dir().join("bin/python")),
        tally,
    );
    drop(guard);
    if result.is_err()
        && let Ok(log) = std::fs::read_to_string(env::temp_dir().join("tandem-e2e-server.log"))
    {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        eprintln!("--- server log (last lines) ---\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn tallies_cargo_and_playwright_summaries() {
        let mut t = Tally::default();
        for line in [
            "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 5 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.01s",
            "  ✓  1 tests/accounts.spec.ts:3:1 › a mentor registers (1.5s)",
            "  8 passed (9.2s)",
            "  2 failed",
            "test registration_reports_field_errors_and_duplicates ... ok",
        ] {
            t.read(line);
        }
        assert_eq!((t.passed, t.failed), (25, 3));
    }
}
