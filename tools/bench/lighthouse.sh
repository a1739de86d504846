#!/usr/bin/env bash
# Lighthouse (npm `lighthouse` 12, the last line that runs on Node.js 20) in Debian's
# Chromium on three signed-in pages: the young person's dashboard, the mentor's training page
# and the staff matching page. Prints the performance and accessibility scores of each and
# keeps the full JSON reports in target/lighthouse/.
#
#   tools/bench/lighthouse.sh
#
# Needs the release build (`cargo leptos build --release`). Installs lighthouse into
# ~/.cache/tandem/lighthouse and Chromium from Debian when they are missing. Uses the mobile
# profile Lighthouse applies by default (a throttled phone on a slow 4G connection).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${TANDEM_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/tandem/target}/release/tandem}
LH_DIR=$HOME/.cache/tandem/lighthouse
LH_VERSION=12.8.2
PORT=${PORT:-3401}
BASE=http://127.0.0.1:$PORT
OUT=target/lighthouse
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

[ -x "$BIN" ] || { echo "no release binary at $BIN: run cargo leptos build --release first" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
if [ "$("$LH_DIR/node_modules/.bin/lighthouse" --version 2>/dev/null)" != "$LH_VERSION" ]; then
  mkdir -p "$LH_DIR"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --silent "lighthouse@$LH_VERSION"
fi
mkdir -p "$OUT"

DATABASE_URL="sqlite://$WORK/lighthouse.db?mode=rwc" TANDEM_LISTEN_ADDR=127.0.0.1:$PORT TANDEM_DEMO_DATA=true \
  RUST_LOG=warn LEPTOS_OUTPUT_NAME=tandem LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true \
  LEPTOS_SITE_ADDR=127.0.0.1:$PORT "$BIN" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/healthz" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

# The demo's two-step secret (README), for the staff login's code.
totp() {
  python3 - <<'PY'
import base64, hmac, struct, time
key = base64.b32decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
o = h[19] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}

cookie_for() { # email -> "name=value"
  local jar="$WORK/$1.jar" ticket
  # Sign-in answers with a redirect: to the dashboard, or to the second step with a ticket.
  curl -s -o /dev/null -D "$WORK/$1.head" -c "$jar" -H 'Accept: application/json' --data-urlencode "email=$1" \
    --data-urlencode password=tandem-demo-2026 "$BASE/api/login"
  ticket=$(tr -d '\r' <"$WORK/$1.head" | sed -n 's/^[Ll]ocation: .*ticket=//p')
  if [ -n "$ticket" ]; then
    curl -s -o /dev/null -b "$jar" -c "$jar" -H 'Accept: application/json' --data-urlencode "ticket=$ticket" \
      --data-urlencode "code=$(totp)" "$BASE/api/login_code"
  fi
  awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s=%s", $6, $7 }' "$jar"
}

audit() { # name email path
  local cookie
  cookie=$(cookie_for "$2")
  [ -n "$cookie" ] || { echo "could not sign in as $2" >&2; exit 1; }
  # Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is tried again.
  local try
  for try in 1 2 3; do
    CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "$BASE$3" --quiet \
      --only-categories=performance,accessibility --output=json --output-path="$OUT/$1.json" \
      --extra-headers="{\"Cookie\": \"$cookie\"}" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$WORK/$1.err" &&
      break
    [ "$try" = 3 ] && { cat "$WORK/$1.err" >&2; exit 1; }
    echo "lighthouse failed on $3 (try $try of 3), trying again" >&2
  done
  python3 - "$OUT/$1.json" "$1" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
final = r.get("finalDisplayedUrl") or r.get("finalUrl")
fails = [a["id"] for a in r["audits"].values() if a.get("score") == 0 and a.get("scoreDisplayMode") == "binary"]
m = lambda k: r["audits"][k]["displayValue"]
print(f"{sys.argv[2]:<22} {sys.argv[3]:<16} performance {round(c['performance']['score'] * 100):>3}  "
      f"accessibility {round(c['accessibility']['score'] * 100):>3}  FCP {m('first-contentful-paint')}, "
      f"LCP {m('largest-contentful-paint')}, TBT {m('total-blocking-time')}, CLS {m('cumulative-layout-shift')}"
      + (f"  (ended at {final})" if not final.endswith(sys.argv[3]) else "")
      + (f"  failing: {', '.join(fails)}" if fails else ""))
PY
}

echo "lighthouse $LH_VERSION, mobile profile, $(/usr/bin/chromium --version)"
audit young-dashboard jordan.ellis@example.org /dashboard
audit mentor-training amara.okafor@example.org /training
sleep 1
audit staff-matching staff@tandem.example /admin/matching
