#!/usr/bin/env bash
# The chunk table: every file the browser downloads to hydrate, from the release build's
# site directory, with its raw size and the gzip and Brotli copies the build wrote beside it
# (`--precompress`: what the server sends), and which pages load it.
#
#   cargo leptos build --release --precompress && tools/bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PKG=target/site/pkg
[ -d "$PKG" ] || { echo "no $PKG: run cargo leptos build --release --precompress first" >&2; exit 1; }
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }
size() { stat -c %s "$1"; }
printf "| %-34s | %12s | %12s | %12s | %s |\n" file raw gzip brotli "loaded by"
printf "|%s|%s|%s|%s|%s|\n" "---" "---:" "---:" "---:" "---"
for f in "$PKG"/*.wasm "$PKG"/*.js "$PKG"/*.css; do
  [ -f "$f" ] || continue
  raw=$(size "$f")
  if [ -f "$f.gz" ]; then gz=$(size "$f.gz"); else gz=$(gzip -9 -c "$f" | wc -c); fi
  if [ -f "$f.br" ]; then br=$(size "$f.br"); else br=$(brotli -q 11 -c "$f" | wc -c); fi
  # One bundle: there are no route chunks (README: code splitting), so every page loads it.
  awk -v n="$(basename "$f")" -v r="$raw" -v g="$gz" -v b="$br" \
    'BEGIN { printf "| %-34s | %8.1f KiB | %8.1f KiB | %8.1f KiB | every page |\n", n, r / 1024, g / 1024, b / 1024 }'
done
