//! Entry point of the wasm binary: panic hook, then mount the app.

fn main() {
    // In debug builds a panic's message goes to the console. The release
    // build leaves the hook out (it and the formatting it pulls in cost
    // bytes every reader downloads): a panic there is still an error in the
    // console, without its message.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    ban_tin::mount();
}
