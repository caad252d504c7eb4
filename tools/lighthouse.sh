#!/usr/bin/env bash
# Lighthouse accessibility audit of the article page (not part of `make test`:
# the axe checks of the end-to-end tests are the gate; this records the score).
# Installs lighthouse from npm into the tools folder, builds dist/, serves it
# with the e2e crate's test server, and prints the score.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${BANTIN_TOOLS:-$HOME/.local/share/ban-tin}"
lighthouse_version="12.8.2"
lh_dir="$tools_dir/lighthouse"
if [ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$lh_dir"
  npm install --prefix "$lh_dir" --no-audit --no-fund --save-exact "lighthouse@$lighthouse_version" >/dev/null
fi
cd "$root"
trunk build --release
profile="$(mktemp -d)"
cargo build --locked -q -p e2e --example serve
"$root/target/debug/examples/serve" dist >"$profile/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$profile"' EXIT
base=""
for _ in $(seq 1 100); do base="$(grep -m1 -o 'http://[0-9.:]*' "$profile/server.log" || true)"; [ -n "$base" ] && break; sleep 0.2; done
[ -n "$base" ] || { echo "lighthouse.sh: the test server did not start" >&2; exit 1; }
url="$base/bai-viet/${1:-hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021}"
CHROME_PATH="${CHROME:-/usr/bin/chromium}" "$lh_dir/node_modules/.bin/lighthouse" "$url" \
  --only-categories=accessibility --output=json --output-path="$root/target/lighthouse-a11y.json" --quiet \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$profile --host-resolver-rules='MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE ::1'"
node -e 'const r=require(process.argv[1]);console.log(`Lighthouse ${r.lighthouseVersion} accessibility score: ${Math.round(r.categories.accessibility.score*100)} (${r.finalDisplayedUrl})`)' "$root/target/lighthouse-a11y.json"
