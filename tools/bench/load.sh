#!/usr/bin/env bash
# Load benchmark: 1 and then 2 Tandem app servers (different ports) on one PostgreSQL
# database, driven by wrk from a separate process over loopback. Prints requests/s, p50 and
# p99 for the young person's dashboard page, a server function (POST /api/dashboard) and
# /healthz, and each one's throughput as a share of /healthz on the same servers.
#
#   tools/bench/load.sh            # 10 s per measurement, 16 connections
#   DURATION=30s CONNECTIONS=32 tools/bench/load.sh
#
# Needs the release build (`cargo leptos build --release`); installs wrk from Debian when
# it is missing. Everything runs on this machine: the servers, PostgreSQL and wrk share its
# cores, so the figures are a floor, not a capacity plan.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TANDEM_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/tandem/target}/release/tandem}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
PG=${TANDEM_LOAD_PG:-postgres://postgres@127.0.0.1:5432}
DB=tandem_load
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[ -x "$BIN" ] || { echo "no release binary at $BIN: run cargo leptos build --release first" >&2; exit 1; }
[ -d target/site/pkg ] || { echo "no target/site: run cargo leptos build --release first" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

start() { # port
  DATABASE_URL="$PG/$DB" TANDEM_LISTEN_ADDR="127.0.0.1:$1" TANDEM_DEMO_DATA=true RUST_LOG=warn \
    LEPTOS_OUTPUT_NAME=tandem LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_SITE_ADDR="127.0.0.1:$1" \
    "$BIN" >"$WORK/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    sleep 0.5
  done
  echo "server on port $1 did not start:" >&2; cat "$WORK/server-$1.log" >&2; exit 1
}

start 3301
# A young person's session (no two-step code), valid on every server: sessions live in the database.
curl -s -o /dev/null -c "$WORK/jar" -H 'Accept: application/json' --data-urlencode email=jordan.ellis@example.org \
  --data-urlencode password=tandem-demo-2026 http://127.0.0.1:3301/api/login
COOKIE=$(awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s=%s", $6, $7 }' "$WORK/jar")
[ -n "$COOKIE" ] || { echo "sign-in failed" >&2; exit 1; }
cat >"$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = ""
LUA

# wrk on each server at once (connections split between them): total requests/s, and the
# worse server's p50 and p99.
measure() { # servers path [post]
  local n=$1 path=$2 script=() outs=()
  [ "${3:-}" = post ] && script=(-s "$WORK/post.lua")
  for i in $(seq 1 "$n"); do
    local port=$((3300 + i))
    wrk -t1 -c$((CONNECTIONS / n)) -d"$DURATION" --latency "${script[@]}" -H "Cookie: $COOKIE" \
      "http://127.0.0.1:$port$path" >"$WORK/wrk-$i.txt" &
    outs+=($!)
  done
  wait "${outs[@]}"
  local rps=0 p50=0 p99=0 errors=0
  for i in $(seq 1 "$n"); do
    local f="$WORK/wrk-$i.txt"
    rps=$(awk -v a="$rps" '/^Requests\/sec:/ { printf "%.0f", a + $2 }' "$f")
    p50=$(awk -v a="$p50" '$1 == "50%" { v = $2; m = (v ~ /us$/) ? 0.001 : (v ~ /ms$/) ? 1 : 1000; sub(/[a-z]+$/, "", v); v *= m; printf "%.2f", (v > a) ? v : a }' "$f")
    p99=$(awk -v a="$p99" '$1 == "99%" { v = $2; m = (v ~ /us$/) ? 0.001 : (v ~ /ms$/) ? 1 : 1000; sub(/[a-z]+$/, "", v); v *= m; printf "%.2f", (v > a) ? v : a }' "$f")
    errors=$((errors + $(awk '/Non-2xx/ { print $NF } END { print 0 }' "$f" | head -1)))
  done
  echo "$rps $p50 $p99 $errors"
}

report() { # servers
  local n=$1
  read -r h_rps h_p50 h_p99 h_err < <(measure "$n" /healthz)
  read -r d_rps d_p50 d_p99 d_err < <(measure "$n" /dashboard)
  read -r f_rps f_p50 f_p99 f_err < <(measure "$n" /api/dashboard post)
  for row in "healthz $h_rps $h_p50 $h_p99 $h_err" "dashboard-page $d_rps $d_p50 $d_p99 $d_err" \
             "server-fn-dashboard $f_rps $f_p50 $f_p99 $f_err"; do
    set -- $row
    printf "%-8s %-22s %10s %10s %10s %9s %8s\n" "$n" "$1" "$2" "$3" "$4" \
      "$(awk -v a="$2" -v b="$h_rps" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }')" "$5"
  done
}

echo "load benchmark: $(nproc) cores, wrk ${DURATION} per row, $CONNECTIONS connections in all, PostgreSQL $DB"
printf "%-8s %-22s %10s %10s %10s %9s %8s\n" servers endpoint "req/s" "p50 ms" "p99 ms" "/healthz" non-2xx
report 1
start 3302
report 2
