//! Browser tests (wasm-bindgen-test in headless Chromium): components are
//! mounted into the real DOM, acted on through web-sys, and asserted on.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test web` (tools/test.sh does).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/components.rs"]
mod components;
#[path = "web/sanitize.rs"]
mod sanitize;
#[path = "web/support.rs"]
mod support;
