# Bản tin: two commands for a newcomer (see README.md).
#   make serve   build and serve the app with its sample content on http://127.0.0.1:8080/
#   make test    run every test layer (host, browser components, end to end)
# Both install what is missing first (tools/setup.sh), from the package registries only.

TOOLS ?= $(HOME)/.local/share/ban-tin
# npm's wasm-opt first: a stray Debian wasm-opt must never be the one Trunk finds.
export PATH := $(TOOLS)/node/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export BANTIN_TOOLS := $(TOOLS)

.PHONY: serve test build bench lighthouse content setup clean

serve:
	@tools/setup.sh build
	trunk serve --release

test:
	@tools/setup.sh test
	@tools/test.sh

build:
	@tools/setup.sh build
	trunk build --release

# The benchmark: not part of `make test` (docs/PERFORMANCE.md).
bench:
	@tools/setup.sh test
	cargo run --locked --release -p bench

# Lighthouse accessibility score of the article page (recorded in README.md).
lighthouse:
	@tools/setup.sh test
	tools/lighthouse.sh

# Regenerates the embedded sample content from tools/content-gen.
content:
	cargo run --locked --release -p content-gen -- generate --out content/api

clean:
	cargo clean
	rm -rf dist
