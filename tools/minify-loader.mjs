// Trunk post-build hook, release builds only: minifies the JS loader that
// wasm-bindgen wrote (ban-tin-<hash>.js) with terser (name mangling and
// compression), then rewrites the `integrity` of the loader's
// `<link rel="modulepreload">` in index.html, which Trunk computed from the
// readable file before hooks ran. The file keeps the name Trunk gave it
// until hash-names.mjs, which runs next, names it after its new bytes.
// Debug builds keep the readable loader.
//
// BANTIN_TERSER_OPTIONS (JSON) replaces top-level keys of the options
// below: the end-to-end test `asset_names` runs the hook with one of them
// changed and checks that only the loader's name changes.
//
// Trunk's own `minify = "on_release"` is not used: it would minify
// index.html too and drop the `<!-- page-head -->`-style markers the
// publishing step fills in.
//
// terser comes from the npm tools that tools/setup.sh installs
// ($BANTIN_TOOLS/node, by default ~/.local/share/ban-tin/node), pinned there.
// Trunk runs the hooks of a stage concurrently, so Trunk.toml runs this one
// and csp.mjs as one hook, this one first.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const fail = (message) => {
  console.error(`minify-loader.mjs: ${message}`);
  process.exit(1);
};

const dir = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE;
if (!dir || !profile) {
  fail("TRUNK_STAGING_DIR or TRUNK_PROFILE is not set (run it as a Trunk hook)");
}
if (profile !== "release") {
  console.log(`minify-loader.mjs: ${profile} build, the JS loader stays readable`);
  process.exit(0);
}

const toolsDir = process.env.BANTIN_TOOLS || join(homedir(), ".local/share/ban-tin");
const nodeDir = join(toolsDir, "node");
let terser;
try {
  terser = createRequire(join(nodeDir, "package.json"))("terser");
} catch (error) {
  fail(`terser not found in ${nodeDir} (${error.message.split("\n")[0]}); tools/setup.sh installs it`);
}
const terserVersion = JSON.parse(readFileSync(join(nodeDir, "node_modules/terser/package.json"), "utf8")).version;

// The loader is the modulepreload link of the wasm's stem (the other one is
// the split loader, see split-wasm.mjs).
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");
const wasmHref = (html.match(/<link\b[^>]*\brel="preload"[^>]*\bhref="([^"]*)_bg\.wasm"/) || [])[1];
const links = (html.match(/<link\b[^>]*\brel="modulepreload"[^>]*>/g) || []).filter(
  (candidate) => wasmHref && candidate.includes(`href="${wasmHref}.js"`),
);
if (links.length !== 1) {
  fail(`expected one <link rel="modulepreload"> of the JS loader of ${wasmHref}_bg.wasm in ${indexPath}, found ${links.length}`);
}
const link = links[0];
const attribute = (name) => (link.match(new RegExp(`\\s${name}="([^"]*)"`)) || [])[1];
const href = attribute("href");
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
if (!href || !href.endsWith(".js") || !href.startsWith(publicUrl)) {
  fail(`the modulepreload link ${link} has no .js href under the public URL ${publicUrl}`);
}
const loaderPath = join(dir, href.slice(publicUrl.length));
if (!existsSync(loaderPath)) {
  fail(`the JS loader ${loaderPath} (from ${link}) does not exist`);
}
const integrity = attribute("integrity");
const algorithm = integrity && (integrity.match(/^(sha256|sha384|sha512)-/) || [])[1];
if (!algorithm) {
  fail(`the modulepreload link ${link} has no sha256/sha384/sha512 integrity to update`);
}
const digest = (bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;

const original = readFileSync(loaderPath);
if (digest(original) !== integrity) {
  fail(`${loaderPath} does not match the integrity ${integrity} of ${link}`);
}

let overrides = {};
try {
  overrides = JSON.parse(process.env.BANTIN_TERSER_OPTIONS || "{}");
} catch (error) {
  fail(`BANTIN_TERSER_OPTIONS is not JSON: ${error.message}`);
}
const result = await terser.minify(original.toString("utf8"), {
  module: true, // an ES module: strict, top-level names may be mangled, exports are kept
  compress: { passes: 2 },
  mangle: true,
  ...overrides,
});
if (typeof result.code !== "string" || result.code === "") {
  fail(`terser returned no code for ${loaderPath}`);
}

// The page imports the loader's exports by name (`init`, `* as bindings`):
// they must be the same, with the same kinds and arities. The loader is
// loaded from a data: URL, so the files it imports (the split loader) are
// named by their file: URL in the staging directory.
const exportsOf = async (source) => {
  const absolute = String(source).replace(/(\bfrom\s*)(["'])\.\/([^"']+)\2/g, (_, from, quote, file) => `${from}${quote}${pathToFileURL(join(dir, file)).href}${quote}`);
  let module;
  try {
    module = await import(`data:text/javascript;base64,${Buffer.from(absolute).toString("base64")}`);
  } catch (error) {
    fail(`could not load ${loaderPath} to compare its exports: ${error.message}`);
  }
  return Object.keys(module)
    .sort()
    .map((name) => `${name}:${typeof module[name]}/${module[name]?.length ?? ""}`)
    .join(" ");
};
const [before, after] = [await exportsOf(original), await exportsOf(result.code)];
if (before !== after) {
  fail(`minifying changed the loader's exports: ${before} became ${after}`);
}

const minified = Buffer.from(result.code, "utf8");
const newLink = link.replace(`integrity="${integrity}"`, () => `integrity="${digest(minified)}"`);
writeFileSync(loaderPath, minified);
html = html.replace(link, () => newLink);
writeFileSync(indexPath, html);
console.log(
  `minify-loader.mjs: ${href} ${original.length} -> ${minified.length} bytes (terser ${terserVersion}), integrity updated`,
);
