//! Entry point of the wasm binary: panic hook, then mount the app.

fn main() {
    console_error_panic_hook::set_once();
    ban_tin::mount();
}
