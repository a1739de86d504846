#!/usr/bin/env bash
# Sizes of what the browser downloads for hydration, from the release build's site
# directory: raw, gzip -9 and brotli -q 11 (what a compressing proxy or CDN would send).
#
#   cargo leptos build --release && tools/bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PKG=target/site/pkg
[ -d "$PKG" ] || { echo "no $PKG: run cargo leptos build --release first" >&2; exit 1; }
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }
printf "%-28s %12s %12s %12s\n" file raw gzip brotli
for f in "$PKG"/*.wasm "$PKG"/*.js "$PKG"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  awk -v n="$(basename "$f")" -v r="$raw" -v g="$gz" -v b="$br" \
    'BEGIN { printf "%-28s %9.1f KiB %9.1f KiB %9.1f KiB\n", n, r / 1024, g / 1024, b / 1024 }'
done
