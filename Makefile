# Bản tin: two commands for a newcomer (see README.md).
#   make serve   build, publish and serve the sample portal on http://127.0.0.1:8080/
#   make test    run every test layer (host, browser components, end to end)
# Both install what is missing first (tools/setup.sh), from the package registries only.

TOOLS ?= $(HOME)/.local/share/ban-tin
# npm's wasm-opt first: a stray Debian wasm-opt must never be the one Trunk finds.
export PATH := $(TOOLS)/node/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export BANTIN_TOOLS := $(TOOLS)

.PHONY: serve test test-wordpress build bench lighthouse content setup clean

# The published site (a link to its current build), served as the nginx
# configuration serves it.
serve: build
	cargo run --locked -q -p publish -- serve site --address 127.0.0.1:8080

test:
	@tools/setup.sh wordpress
	@tools/test.sh

# Only the WordPress end to end: a real WordPress (Debian's package) seeded,
# published, served and read by Chromium, then changed and republished.
test-wordpress:
	@tools/setup.sh wordpress
	@tools/test.sh wordpress

# The app (Trunk, into dist/, which publishing never touches), then the
# publishing step: the sample's pre-rendered pages around it, into site
# (a link to site.builds/<id>/, switched atomically; README, "Publishing").
# Trunk must never build into site: it empties its output folder first.
build:
	@tools/setup.sh build
	trunk build --release
	cargo run --locked -q -p publish -- --from content/api --app dist --out site

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
	rm -rf dist site site.builds
