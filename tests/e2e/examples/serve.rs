//! Serves a directory the way the tests do (SPA fallback, real 404s under
//! /api/), for poking at a build by hand:
//!
//! ```text
//! cargo run -p e2e --example serve -- [DIR] [--api DIR] [--compress]
//! ```
//!
//! DIR defaults to `<workspace>/dist`. Stops on Ctrl-C.

fn main() {
    let mut root = e2e::workspace_root().join("dist");
    let mut api = None;
    let mut compress = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--api" => api = Some(args.next().expect("--api needs a directory")),
            "--compress" => compress = true,
            dir => root = dir.into(),
        }
    }
    let mut builder = e2e::TestServer::builder(root).with_compression(compress);
    if let Some(api) = api {
        builder = builder.mount_api_dir(api);
    }
    let server = builder.start();
    println!("{}", server.base_url());
    loop {
        std::thread::park();
    }
}
