#!/usr/bin/env bash
# Runs every test layer and fails if any layer fails or runs no test:
#   1. host: pure logic (`cargo test` on the host: the app crate (and its
#      sanitiser's host walk, feature `ssr`), then the
#      publishing step (pre-rendering, sanitiser walk, file layout),
#      content generator and the bench, then a 100 000-article dataset check)
#   2. browser components: wasm-bindgen-test in headless Chromium
#   3. end to end: WebDriver against the release dist/ built by Trunk
#   4. wordpress: a real WordPress published, served and republished
#      (tools/wordpress/, tests/e2e/tests/wordpress.rs)
# `tools/test.sh wordpress` runs the last layer alone (make test-wordpress).
set -uo pipefail
only="${1:-}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
logs="$root/target/test-logs"
mkdir -p "$logs"
total_passed=0
total_failed=0
failed_layers=()

# Runs one layer; its libtest summaries ("test result: ok. N passed; M failed")
# are added up, and a layer that ran zero tests counts as failed.
run_layer() {
  local name="$1"; shift
  local log="$logs/$name.log"
  printf '\n\033[1m=== %s: %s\033[0m\n' "$name" "$*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local passed failed
  passed=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
  failed=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}')
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  printf '=== %s: %d passed, %d failed, exit %d, %ds\n' "$name" "$passed" "$failed" "$status" $((SECONDS - start))
  if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    failed_layers+=("$name")
  elif [ "$passed" -eq 0 ]; then
    echo "=== $name ran no test: that is a failure" >&2
    failed_layers+=("$name (no tests)")
  fi
}

if [ -z "$only" ]; then
  run_layer host cargo test --locked --lib --test host -p ban-tin
  # The sanitiser's host walk (feature `ssr`, `sanitize::host`): its own unit tests,
  # on the cases the browser walk's tests run too (tests/fixtures/responsive_images.rs).
  run_layer host-ssr cargo test --locked --lib -p ban-tin --no-default-features --features ssr sanitize
  run_layer tools cargo test --locked -p content-gen -p bench -p publish
  # The content issue's full-scale check (100 000 articles) needs a release build.
  run_layer scale cargo test --locked --release -p content-gen --test scale
  run_layer browser env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --locked --target wasm32-unknown-unknown --test web -p ban-tin
  # The end-to-end binary and the crate's own tests; the WordPress binary is the next layer.
  run_layer e2e cargo test --locked -p e2e --lib --test e2e --examples -- --test-threads=2
fi
if [ -z "$only" ] || [ "$only" = "wordpress" ]; then
  # After a green end-to-end layer, its release dist/ is current: no second Trunk build.
  reuse_dist=()
  if [ -z "$only" ] && [[ " ${failed_layers[*]-} " != *" e2e"* ]]; then
    reuse_dist=(env BANTIN_E2E_SKIP_BUILD=1)
  fi
  run_layer wordpress "${reuse_dist[@]}" cargo test --locked -p e2e --test wordpress
fi

echo
if [ "${#failed_layers[@]}" -gt 0 ]; then
  echo "FAILED layers: ${failed_layers[*]}"
  echo "total: $total_passed passed, $total_failed failed"
  exit 1
fi
echo "all layers green"
echo "total: $total_passed passed, $total_failed failed"
