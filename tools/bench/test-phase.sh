#!/usr/bin/env bash
# Times the cargo-test phase of `cargo xtask test` at a git revision: the build of every
# test binary after a one-line change in services (what a developer waits for after each
# edit), then the run of those tests (SQLite and PostgreSQL, as `cargo xtask test` runs
# them). The release build and the Playwright journeys that follow in `cargo xtask test`
# are left out: the layout of crates and test binaries does not change them.
#
#   tools/bench/test-phase.sh REV [REV...]     e.g. tools/bench/test-phase.sh 0aced63 HEAD
#
# Each revision is checked out into /tmp and built once untimed first (into one target
# directory shared by the revisions, ~/.cache/tandem/timing unless CARGO_TARGET_DIR says
# otherwise), so dependencies are built once and both revisions start warm. Run it on an
# otherwise idle machine: it prints wall-clock seconds.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tandem/timing}"
export TANDEM_PYTHON="${TANDEM_PYTHON:-$HOME/.cache/tandem/pyenv/bin/python}"
crates=(-p domain -p matching -p migrations -p services -p app -p server -p xtask)
printf '%-10s %12s %14s %12s %10s\n' revision "test binaries" "build after edit" "test run" "tests"
for rev in "$@"; do
  sha="$(git -C "$repo" rev-parse --short "$rev")"
  dir="/tmp/tandem-phase-$sha"
  rm -rf "$dir"
  git clone -q "$repo" "$dir"
  git -C "$dir" checkout -q "$sha"
  cd "$dir"
  cargo test "${crates[@]}" --features app/ssr --no-run >/dev/null 2>&1
  binaries="$(cargo test "${crates[@]}" --features app/ssr --no-run 2>&1 | grep -c 'Executable tests/')"
  echo "// timing edit" >>services/src/lib.rs
  start=$(date +%s.%N)
  cargo test "${crates[@]}" --features app/ssr --no-run >/dev/null 2>&1
  built=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  log="$(TANDEM_TEST_SITE_ROOT="$dir/target/site" cargo test "${crates[@]}" --features app/ssr 2>&1 || true)"
  ran=$(echo "$(date +%s.%N) - $start" | bc)
  passed="$(echo "$log" | grep -o '[0-9]* passed' | awk '{s+=$1} END {print s}')"
  failed="$(echo "$log" | grep -o '[0-9]* failed' | awk '{s+=$1} END {print s}')"
  printf '%-10s %12s %13.0fs %11.0fs %10s\n' "$sha" "$binaries" "$built" "$ran" "$passed passed, $failed failed"
  cd /
  rm -rf "$dir"
done
