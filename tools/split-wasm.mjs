// Trunk post-build hook: splits the search page's code out of the wasm.
//
// The app is built with the `split` feature (index.html), so the search
// page's `search_answer` is a split point (`#[wasm_split(search)]`) and the
// binary keeps its relocations (build.rs). After Trunk's own pipeline
// (cargo, wasm-bindgen; its wasm-opt is off, `data-wasm-opt="0"`, since
// the module it would optimise is replaced here) this hook starts again
// from cargo's binary:
// 1. wasm-split-cli (crates.io `wasm_split_cli_support`, the splitter
//    cargo-leptos uses) cuts it into the main module, the search module
//    (`split_search`), any chunks the split modules share, and the JS that
//    fetches them (`__wasm_split.js`);
// 2. wasm-bindgen turns the main module into the loader and `_bg.wasm`,
//    with the same options Trunk used;
// 3. in release builds, wasm-opt runs on every module with index.html's
//    `data-split-wasm-opt` level and `data-split-wasm-opt-params`, and
//    only the version Trunk.toml pins (`[tools] wasm_opt`), as Trunk would;
// 4. the split modules and the JS that loads them get content-hashed
//    names (tools/asset-name.mjs), the main module and loader replace
//    Trunk's under Trunk's names (hash-names.mjs renames them once
//    minify-loader.mjs has rewritten the loader), and index.html gets their
//    new `integrity`, plus a `modulepreload` (with integrity) of the split
//    loader, which the JS loader imports, so it is fetched at once instead
//    of after the loader. The split loader does not import the JS loader
//    back, as the splitter writes it (`import { initSync } from
//    "./<loader>.js"`): the loader hands it `initSync` when it runs, so no
//    file names the file that names it and each name can be the hash of
//    its file's bytes. The split loader fetches each split module with its
//    `integrity` (the loader itself is checked by its modulepreload's).
//
// Release builds first save what Trunk staged, cargo's binary and the
// source index.html under <target>/hook-input/, before changing anything:
// the end-to-end test `asset_names` re-runs this hook on copies of it
// (BANTIN_SPLIT_BINARY then names the saved binary, and nothing is saved).
// A module the splitter did not produce, or a binary built without the
// split point, stops the build with the reason.
//
// Runs before minify-loader.mjs and csp.mjs in the same hook (Trunk
// starts all the hooks of a stage at once).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashedName } from "./asset-name.mjs";

const fail = (message) => {
  console.error(`split-wasm.mjs: ${message}`);
  process.exit(1);
};

const dir = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE;
const sourceHtml = process.env.TRUNK_HTML_FILE;
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
if (!dir || !profile || !sourceHtml) {
  fail("TRUNK_STAGING_DIR, TRUNK_PROFILE or TRUNK_HTML_FILE is not set (run it as a Trunk hook)");
}

const run = (tool, args) => {
  try {
    return execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const why = error.code === "ENOENT" ? "not found on PATH (tools/setup.sh installs it)" : (error.stderr || error.message).trim();
    fail(`${tool} ${args.join(" ")}: ${why}`);
  }
};

// What Trunk was asked for: the rust link of the source index.html.
const source = readFileSync(sourceHtml, "utf8");
const rustLink = (source.match(/<link\b[^>]*\bdata-trunk\b[^>]*\brel="rust"[^>]*>/) || [])[0];
if (!rustLink) {
  fail(`no <link data-trunk rel="rust"> in ${sourceHtml}`);
}
const sourceAttribute = (name) => (rustLink.match(new RegExp(`\\s${name}="([^"]*)"`)) || [])[1];
const bin = sourceAttribute("data-bin");
if (!bin || !(sourceAttribute("data-cargo-features") || "").split(/[ ,]+/).includes("split")) {
  fail(`the rust link of ${sourceHtml} needs data-bin and data-cargo-features="split"`);
}

// Cargo's binary, before wasm-bindgen (or the saved one of a re-run).
const rerun = process.env.BANTIN_SPLIT_BINARY;
const targetDirectory = rerun ? undefined : JSON.parse(run("cargo", ["metadata", "--format-version=1", "--no-deps", "--offline"])).target_directory;
const binary = rerun || join(targetDirectory, "wasm32-unknown-unknown", profile, `${bin}.wasm`);
if (!existsSync(binary)) {
  fail(`cargo's binary ${binary} does not exist`);
}

// The hook's input, saved for the end-to-end test (see above): the
// top-level files Trunk staged (not the copied folders), replaced whole.
if (!rerun && profile === "release") {
  const saved = join(targetDirectory, "hook-input");
  const saving = `${saved}.${process.pid}`;
  rmSync(saving, { recursive: true, force: true });
  mkdirSync(join(saving, "staging"), { recursive: true });
  for (const name of readdirSync(dir)) {
    if (statSync(join(dir, name)).isFile()) {
      copyFileSync(join(dir, name), join(saving, "staging", name));
    }
  }
  copyFileSync(binary, join(saving, `${bin}.wasm`));
  copyFileSync(sourceHtml, join(saving, "index.html"));
  writeFileSync(join(saving, "env.json"), JSON.stringify({ TRUNK_PROFILE: profile, TRUNK_PUBLIC_URL: publicUrl, bin }, null, 2) + "\n");
  rmSync(saved, { recursive: true, force: true });
  renameSync(saving, saved);
}

// Trunk's outputs: the loader (modulepreload) and the wasm (preload).
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");
const linkOf = (pattern, what) => {
  const links = html.match(pattern) || [];
  if (links.length !== 1) {
    fail(`expected one ${what} in ${indexPath}, found ${links.length}`);
  }
  const link = links[0];
  const attribute = (name) => (link.match(new RegExp(`\\s${name}="([^"]*)"`)) || [])[1];
  const href = attribute("href");
  const integrity = attribute("integrity");
  if (!href || !href.startsWith(publicUrl) || !integrity) {
    fail(`${link} has no href under ${publicUrl} or no integrity`);
  }
  return { link, file: href.slice(publicUrl.length), integrity };
};
const loader = linkOf(/<link\b[^>]*\brel="modulepreload"[^>]*>/g, '<link rel="modulepreload"> (the JS loader)');
const wasm = linkOf(/<link\b[^>]*\brel="preload"[^>]*\.wasm"[^>]*>/g, '<link rel="preload"> of the wasm');
const stem = loader.file.replace(/\.js$/, "");
if (wasm.file !== `${stem}_bg.wasm`) {
  fail(`the loader ${loader.file} and the wasm ${wasm.file} do not belong together`);
}
const algorithm = (loader.integrity.match(/^(sha256|sha384|sha512)-/) || [])[1];
if (!algorithm) {
  fail(`unknown integrity ${loader.integrity}`);
}
const integrityOf = (bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;

const work = mkdtempSync(join(tmpdir(), "ban-tin-split-"));
try {
  // 1. Split. The main module keeps Trunk's stem, so the split loader's
  // `import { initSync } from "./<stem>.js"` names Trunk's loader (until
  // step 4 replaces that import).
  const splitDir = join(work, "split");
  run("wasm-split-cli", [binary, splitDir, "--out-name", stem]);
  const produced = readdirSync(splitDir);
  const modules = produced.filter((name) => name.endsWith(".wasm") && name !== `${stem}.wasm`);
  if (!modules.includes("split_search.wasm") || !produced.includes("__wasm_split.js")) {
    fail(`the splitter made ${produced.join(", ")}: no split_search.wasm or __wasm_split.js (is search_answer still a split point?)`);
  }

  // 2. The loader and the main module, as Trunk's wasm-bindgen call makes
  // them, but keeping the function table's export: the split modules
  // import it (and the memory) from the main one.
  const bindgenDir = join(work, "bindgen");
  run("wasm-bindgen", [
    "--target=web", `--out-dir=${bindgenDir}`, `--out-name=${bin}`, join(splitDir, `${stem}.wasm`), "--no-typescript",
    "--keep-lld-exports",
  ]);

  // 3. wasm-opt, release builds only (as Trunk does).
  const level = sourceAttribute("data-split-wasm-opt");
  const params = (sourceAttribute("data-split-wasm-opt-params") || "").split(/\s+/).filter(Boolean);
  if (profile === "release") {
    if (!level) {
      fail(`the rust link of ${sourceHtml} has no data-split-wasm-opt level`);
    }
    // Another wasm-opt (Debian's 108) yields a module that dies at run time.
    const trunkToml = readFileSync(join(process.env.TRUNK_SOURCE_DIR || ".", "Trunk.toml"), "utf8");
    const pinned = (trunkToml.match(/^wasm_opt\s*=\s*"([^"]+)"/m) || [])[1];
    const version = run("wasm-opt", ["--version"]);
    if (!pinned || !version.includes(`(${pinned})`)) {
      fail(`wasm-opt on PATH is ${version.trim()}, Trunk.toml pins ${pinned} (tools/setup.sh installs it; the Makefile puts it first on PATH)`);
    }
  }
  const optimise = (path) => {
    if (profile !== "release") {
      return readFileSync(path);
    }
    const output = `${path}.opt`;
    run("wasm-opt", [`--output=${output}`, `-O${level}`, path, ...params]);
    return readFileSync(output);
  };

  // 4. Hashed names for the split modules, then for the JS that loads them.
  let splitLoader = readFileSync(join(splitDir, "__wasm_split.js"), "utf8");
  const written = [];
  for (const name of modules) {
    const bytes = optimise(join(splitDir, name));
    const hashed = hashedName(name.replace(/\.wasm$/, ""), "", "wasm", bytes);
    // Fetched with its integrity: the split loader that carries it is
    // checked by its own modulepreload's.
    const fetchOf = `fetch(new URL("./${name}", import.meta.url))`;
    if (splitLoader.split(fetchOf).length !== 2) {
      fail(`__wasm_split.js does not fetch ./${name} once as ${fetchOf}`);
    }
    splitLoader = splitLoader.replace(
      fetchOf,
      () => `fetch(new URL(${JSON.stringify(`./${hashed}`)}, import.meta.url), { integrity: ${JSON.stringify(integrityOf(bytes))} })`,
    );
    if (splitLoader.includes(`"./${name}"`)) {
      fail(`__wasm_split.js names ./${name} other than in its fetch`);
    }
    writeFileSync(join(dir, hashed), bytes);
    written.push(`${hashed} ${bytes.length} B`);
  }
  // The JS loader's `initSync` (which returns the main module's exports,
  // those the split modules link to) is handed over by the loader instead
  // of imported from it: see the top of this file.
  const importOfLoader = new RegExp(`import\\s*\\{\\s*initSync\\s*\\}\\s*from\\s*(["'])\\./${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.js\\1;?`, "g");
  if ((splitLoader.match(importOfLoader) || []).length !== 1) {
    fail(`__wasm_split.js does not import initSync from ./${stem}.js once`);
  }
  splitLoader = splitLoader.replace(
    importOfLoader,
    () => "let initSync;\nexport function __setMainInitSync(mainInitSync) {\n  initSync = mainInitSync;\n}",
  );
  const splitLoaderName = hashedName(`${bin}-split`, "", "js", splitLoader);
  writeFileSync(join(dir, splitLoaderName), splitLoader);

  let jsLoader = readFileSync(join(bindgenDir, `${bin}.js`), "utf8");
  const importOf = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
  if ((jsLoader.match(importOf) || []).length !== 1) {
    fail(`the JS loader does not import ./__wasm_split.js once`);
  }
  jsLoader = jsLoader.replace(importOf, (_, from, quote) => `${from}${quote}./${splitLoaderName}${quote}`);
  if (!/^(?:export )?function initSync\(/m.test(jsLoader)) {
    fail("the JS loader has no function initSync to hand to the split loader");
  }
  jsLoader += `\nimport { __setMainInitSync } from "./${splitLoaderName}";\n__setMainInitSync(initSync);\n`;
  const mainWasm = optimise(join(bindgenDir, `${bin}_bg.wasm`));
  writeFileSync(join(dir, loader.file), jsLoader);
  writeFileSync(join(dir, wasm.file), mainWasm);

  const replaceIntegrity = (link, integrity) => link.replace(/integrity="[^"]*"/, () => `integrity="${integrity}"`);
  const splitPreload = `<link rel="modulepreload" href="${publicUrl}${splitLoaderName}" crossorigin="anonymous" integrity="${integrityOf(splitLoader)}">`;
  html = html
    .replace(loader.link, () => replaceIntegrity(loader.link, integrityOf(jsLoader)) + splitPreload)
    .replace(wasm.link, () => replaceIntegrity(wasm.link, integrityOf(mainWasm)));
  writeFileSync(indexPath, html);
  console.log(
    `split-wasm.mjs (${profile}): ${wasm.file} ${mainWasm.length} B, ${written.join(", ")}, loaded by ${splitLoaderName}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
