#!/usr/bin/env bash
# Installs what building and testing Bản tin needs, from the package
# registries only (crates.io, npm, Debian). Idempotent: a second run checks
# versions and installs nothing.
#
#   tools/setup.sh build   # Rust target, trunk, wasm-bindgen-cli, wasm-split-cli, wasm-opt, terser
#   tools/setup.sh test    # the above, plus Chromium, chromedriver, and nginx with its
#                          # brotli_static module (Debian), run by the tests (never started here)
#   tools/setup.sh wordpress  # the above, plus WordPress, MariaDB and PHP (Debian),
#                             # for the WordPress end-to-end test (make test-wordpress)
set -euo pipefail

mode="${1:-build}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${BANTIN_TOOLS:-$HOME/.local/share/ban-tin}"
trunk_version="0.21.14"
binaryen_version="132.0.0"
axe_version="4.14.1"
terser_version="5.51.4"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen-cli must equal the library version in Cargo.lock exactly,
# and Trunk.toml must pin the same, or Trunk would try to download one.
wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if [ -z "$wasm_bindgen_version" ]; then
  echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2; exit 1
fi
if ! grep -q "^wasm_bindgen = \"$wasm_bindgen_version\"" "$root/Trunk.toml"; then
  echo "setup: Trunk.toml [tools] wasm_bindgen must be \"$wasm_bindgen_version\" (the Cargo.lock version)" >&2; exit 1
fi

# Release builds of these tools without LTO and with parallel codegen take
# about two thirds of the time and run the same.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $trunk_version" ]; then
  say "installing trunk $trunk_version (about 10 minutes, once)"
  cargo install --locked "trunk@$trunk_version" --no-default-features --features rustls
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 7 minutes, once)"
  # Not --locked: its lockfile names a crate version the registry no longer has.
  cargo install --force "wasm-bindgen-cli@$wasm_bindgen_version"
fi

# The splitter that tools/split-wasm.mjs runs after Trunk, to put the search
# page's code in a module of its own: crates.io's wasm_split_cli_support,
# the one cargo-leptos uses, with its command line (wasm-split-cli).
split_version="0.2.4"
if ! cargo install --list | grep -qx "wasm_split_cli_support v$split_version:"; then
  say "installing wasm_split_cli_support $split_version (wasm-split-cli, about 2 minutes, once)"
  cargo install --locked --force "wasm_split_cli_support@$split_version" --features build-binary
fi

# wasm-opt from npm's binaryen; Debian's binaryen (108) yields a wasm that
# dies at run time, so ours comes first on PATH and Trunk.toml pins version_132.
# axe-core (the accessibility rules the end-to-end tests inject) and terser
# (which tools/minify-loader.mjs runs on the JS loader of release builds)
# come along.
node_dir="$tools_dir/node"
if ! "$node_dir/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${binaryen_version%%.*}" \
   || ! grep -qs "\"version\": \"$axe_version\"" "$node_dir/node_modules/axe-core/package.json" \
   || ! grep -qs "\"version\": \"$terser_version\"" "$node_dir/node_modules/terser/package.json"; then
  say "installing from npm: binaryen@$binaryen_version (wasm-opt), axe-core@$axe_version, terser@$terser_version"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --save-exact \
    "binaryen@$binaryen_version" "axe-core@$axe_version" "terser@$terser_version" >/dev/null
fi

if [ "$mode" = "test" ] || [ "$mode" = "wordpress" ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # nginx serving the published folder with deploy/nginx.conf: the tests
  # start their own (tests/e2e/src/nginx.rs); none is started system-wide.
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
  if [ "$mode" = "wordpress" ]; then
    # A throw-away WordPress for the tests: nothing is started or configured
    # here (the test starts its own MariaDB and php -S, see tools/wordpress/).
    [ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
    [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
    command -v php >/dev/null || missing+=(php8.2-cli)
    php -m 2>/dev/null | grep -qx gd || missing+=(php8.2-gd)
    php -m 2>/dev/null | grep -qx mysqli || missing+=(php8.2-mysql)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing from Debian: ${missing[*]}"
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    # Installing nginx would start it system-wide (on port 80) unless a
    # policy-rc.d forbids starting services (as Docker images have): add
    # one for the install if there is none, and remove it afterwards.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# tools/setup.sh: no service starts while it installs packages.\nexit 101\n' |
        $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
      $sudo_cmd chmod 755 /usr/sbin/policy-rc.d
      trap '$sudo_cmd rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    # apt sometimes fails once with "cannot access archive": retry.
    for attempt in 1 2 3; do
      if $sudo_cmd apt-get update -q >/dev/null && $sudo_cmd apt-get install -y -q "${missing[@]}" >/dev/null; then
        break
      fi
      [ "$attempt" -eq 3 ] && { echo "setup: apt-get install ${missing[*]} failed" >&2; exit 1; }
      sleep 5
    done
  fi
fi

# Trunk runs cargo with --offline (Trunk.toml), so the crates must be here.
(cd "$root" && cargo fetch --locked >/dev/null)
say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm_split_cli_support $split_version, $("$node_dir/node_modules/.bin/wasm-opt" --version), $("$node_dir/node_modules/.bin/terser" --version)"
