//! With the `split` feature, the wasm binary keeps its relocations
//! (`--emit-relocs`): the splitter (tools/split-wasm.mjs) needs them to move
//! the search page's functions into their own module after linking.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
