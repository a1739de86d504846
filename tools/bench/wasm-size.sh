#!/usr/bin/env bash
# The chunk table: every file the browser downloads to hydrate, from the release build's
# site directory, with its raw size and the gzip and Brotli copies the build wrote beside it
# (`--precompress`: what the server sends), and which pages load it; then the total each
# group of pages needs before it is interactive.
#
#   cargo leptos build --release --precompress --split && tools/bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PKG=target/site/pkg
[ -d "$PKG" ] || { echo "no $PKG: run cargo leptos build --release --precompress --split first" >&2; exit 1; }
command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }
exec python3 - "$PKG" <<'PY'
import glob, gzip, json, os, re, subprocess, sys

pkg = sys.argv[1]
# Which pages each lazily loaded group holds (app/src/routes.rs).
groups = {
    "public_page": "public pages (/, /register, /login, /verify, ...)",
    "help_page": "help and contact (/help, /contact)",
    "dashboard_page": "the dashboard (/dashboard)",
    "member_page": "participants' other pages (/training, /match, ...)",
    "staff_page": "staff pages (/admin/..., /safeguarding, /reports)",
}

def sizes(path):
    raw = os.path.getsize(path)
    gz = os.path.getsize(path + ".gz") if os.path.exists(path + ".gz") else len(gzip.compress(open(path, "rb").read(), 9))
    if os.path.exists(path + ".br"):
        br = os.path.getsize(path + ".br")
    else:
        br = len(subprocess.run(["brotli", "-q", "11", "-c", path], capture_output=True, check=True).stdout)
    return raw, gz, br

manifests = glob.glob(os.path.join(pkg, "__wasm_split_manifest*.json"))
manifest = json.load(open(manifests[0])) if manifests else {}
# chunk (file stem, hash removed) -> the groups that load it
loaded_by = {}
for split, chunks in manifest.items():
    group = next((g for g in groups if split.startswith(g)), split)
    for c in chunks:
        loaded_by.setdefault(c, set()).add(group)

def stem(f):
    return os.path.basename(f).rsplit(".", 1)[0]

def who(f):
    name = os.path.basename(f)
    if name.endswith(".css") or name.startswith("tandem.") or name.startswith("__wasm_split"):
        return "every page"
    s = stem(f)
    for chunk, gs in loaded_by.items():
        if s == chunk or s.startswith(chunk + "."):
            return ", ".join(sorted(groups.get(g, g).split(" (")[0] for g in gs))
    return "no page (unused)"

files = sorted(
    (f for ext in ("wasm", "js", "css") for f in glob.glob(os.path.join(pkg, f"*.{ext}"))),
    key=lambda f: -os.path.getsize(f),
)
print(f"| {'file':<46} | {'raw':>12} | {'gzip':>12} | {'brotli':>12} | loaded by |")
print("|---|---:|---:|---:|---|")
table = {}
for f in files:
    raw, gz, br = sizes(f)
    table[f] = (raw, gz, br)
    name = re.sub(r"\.[A-Za-z0-9_-]{16,}\.", ".HASH.", os.path.basename(f))
    print(f"| {name:<46} | {raw/1024:8.1f} KiB | {gz/1024:8.1f} KiB | {br/1024:8.1f} KiB | {who(f)} |")

print()
print("| pages | wasm files | raw | gzip | brotli |")
print("|---|---:|---:|---:|---:|")
main = [f for f in files if f.endswith(".wasm") and os.path.basename(f).startswith("tandem")]
for g, label in groups.items():
    need = list(main)
    for split, chunks in manifest.items():
        if split.startswith(g):
            for c in chunks:
                need += [f for f in files if f.endswith(".wasm") and (stem(f) == c or stem(f).startswith(c + "."))]
    need = sorted(set(need))
    t = [sum(table[f][i] for f in need) for i in range(3)]
    print(f"| {label} | {len(need)} | {t[0]/1024:.1f} KiB | {t[1]/1024:.1f} KiB | {t[2]/1024:.1f} KiB |")
PY
