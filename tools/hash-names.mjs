// Trunk post-build hook, after every hook that rewrites a file
// (split-wasm.mjs, minify-loader.mjs) and before csp.mjs: gives every
// content-hashed file the name of the bytes it ships with, then
// precompresses it.
//
// Trunk hashes its file names before the hooks run, and the hooks then
// rewrite the wasm and the JS loader; under Trunk's names new bytes could
// ship under a name a server caches for a year as `immutable`. So:
// 1. the content-hashed files are every top-level `.wasm`, `.js` and `.css`
//    (each must have a hashed name, tools/asset-name.mjs: Trunk's or an
//    earlier hook's); each must be named by index.html or by another of
//    them, as `/<name>` or `./<name>` in a string (`"`, `'`, `` ` ``) or
//    `url(…)`;
// 2. they are renamed in dependency order (a file after the files it
//    names), each to `<stem>-<16 hex digits of the SHA-256 of its final
//    bytes>[_bg].<ext>`, and every reference follows; a file whose bytes
//    change because a name in it changed gets a new name too, the others
//    keep theirs. A cycle of references has no such names and stops the
//    build (split-wasm.mjs breaks the one between the two loaders);
// 3. index.html's `integrity` attributes are recomputed from the final
//    bytes, except the wasm's `<link rel="preload" as="fetch">`: Chromium
//    ignores SRI on a fetch preload (and says so in the console), so the
//    integrity moves to the fetch that consumes the preload: Trunk's loader
//    script passes wasm-bindgen's init `fetch(url, { integrity, … })`
//    (same mode and credentials as the preload, so the preloaded response
//    is used and checked);
// 4. release builds only: `<name>.gz` (gzip -9) and `<name>.br` (brotli
//    quality 11) next to each file, when smaller, for a server's
//    gzip_static / brotli_static.
// It checks its work: every name is the hash of its bytes, and no old name
// is left in index.html or in any of the files.
import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { HASHED_NAME, PROVISIONAL_NAME, hashedName, nameHash } from "./asset-name.mjs";

const fail = (message) => {
  console.error(`hash-names.mjs: ${message}`);
  process.exit(1);
};

const dir = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE;
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
if (!dir || !profile) {
  fail("TRUNK_STAGING_DIR or TRUNK_PROFILE is not set (run it as a Trunk hook)");
}
const started = process.hrtime.bigint();
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");

// 1. The files, and which names which.
const assets = new Map(); // current name -> { stem, bg, extension, bytes }
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name) || !statSync(join(dir, name)).isFile()) {
    continue;
  }
  const parts = name.match(PROVISIONAL_NAME);
  if (!parts) {
    fail(`${name} has no hashed name (<stem>-<hex>[_bg].<ext>): every .wasm, .js and .css of ${dir} must be content-hashed`);
  }
  assets.set(name, { stem: parts[1], bg: parts[3] || "", extension: parts[4], bytes: readFileSync(join(dir, name)) });
}
if (![...assets.keys()].some((name) => name.endsWith("_bg.wasm"))) {
  fail(`no <stem>-<hash>_bg.wasm in ${dir}`);
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A reference: `/<name>` (also `./<name>`, `<public URL><name>`) closed by
// a quote, `)`, `?` or `#`.
const referencePattern = (names) =>
  new RegExp(`(?<=/)(${[...names].map(escapeRegExp).join("|")})(?=["'\`)?#])`, "g");
const referencesIn = (text) => new Set([...text.matchAll(referencePattern(assets.keys()))].map((match) => match[1]));
const isText = (asset) => asset.extension !== "wasm";
const names = new Map(); // name -> names it references
for (const [name, asset] of assets) {
  const references = isText(asset) ? referencesIn(asset.bytes.toString("utf8")) : new Set();
  references.delete(name);
  names.set(name, references);
}
const referenced = new Set([...referencesIn(html), ...[...names.values()].flatMap((set) => [...set])]);
const orphans = [...assets.keys()].filter((name) => !referenced.has(name));
if (orphans.length > 0) {
  fail(`${orphans.join(", ")}: named neither by index.html nor by another file`);
}

// 2. Dependency order, then the new names.
const order = [];
const state = new Map(); // name -> "visiting" | "done"
const visit = (name, path) => {
  if (state.get(name) === "done") {
    return;
  }
  if (state.get(name) === "visiting") {
    fail(`a cycle of references (${[...path, name].join(" -> ")}): no name can be the hash of bytes that contain it`);
  }
  state.set(name, "visiting");
  for (const dependency of names.get(name)) {
    visit(dependency, [...path, name]);
  }
  state.set(name, "done");
  order.push(name);
};
[...assets.keys()].sort().forEach((name) => visit(name, []));

const renamed = new Map(); // old name -> new name
const rewrite = (text) => {
  if (renamed.size === 0) {
    return text;
  }
  return text.replace(referencePattern(renamed.keys()), (old) => renamed.get(old));
};
const final = new Map(); // new name -> bytes
for (const name of order) {
  const asset = assets.get(name);
  // Text is re-encoded only when a name in it changed.
  const text = isText(asset) ? asset.bytes.toString("utf8") : undefined;
  const rewritten = text === undefined ? text : rewrite(text);
  const bytes = rewritten === text ? asset.bytes : Buffer.from(rewritten, "utf8");
  const newName = hashedName(asset.stem, asset.bg, asset.extension, bytes);
  if (final.has(newName)) {
    fail(`${name} and another file would both be ${newName}`);
  }
  final.set(newName, bytes);
  if (newName !== name) {
    renamed.set(name, newName);
  }
}
// Written once all are known (the bytes are in memory), then the old names removed.
for (const [name, bytes] of final) {
  if (!assets.has(name) || !assets.get(name).bytes.equals(bytes)) {
    writeFileSync(join(dir, name), bytes);
  }
}
for (const name of renamed.keys()) {
  if (!final.has(name)) {
    unlinkSync(join(dir, name));
  }
}
html = rewrite(html);

// 3. Integrity from the final bytes; the wasm's moves from its preload to its fetch.
const attribute = (tag, name) => (tag.match(new RegExp(`\\s${name}="([^"]*)"`)) || [])[1];
const integrityOf = (algorithm, bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;
const fileOf = (href) => (href && href.startsWith(publicUrl) ? href.slice(publicUrl.length) : undefined);
let wasmFetch;
html = html.replace(/<link\b[^>]*>/g, (tag) => {
  const file = fileOf(attribute(tag, "href"));
  const integrity = attribute(tag, "integrity");
  if (!file || !final.has(file) || integrity === undefined) {
    return tag;
  }
  const algorithm = (integrity.match(/^(sha256|sha384|sha512)-/) || [])[1];
  if (!algorithm) {
    fail(`${tag}: unknown integrity algorithm`);
  }
  const current = integrityOf(algorithm, final.get(file));
  if (attribute(tag, "rel") === "preload" && attribute(tag, "as") === "fetch" && file.endsWith(".wasm")) {
    if (wasmFetch) {
      fail(`more than one wasm preload in ${indexPath}`);
    }
    const credentials = { anonymous: "same-origin", "": "same-origin", "use-credentials": "include" }[attribute(tag, "crossorigin")];
    if (!credentials) {
      fail(`${tag}: the wasm preload needs crossorigin (anonymous or use-credentials) for a fetch to use it`);
    }
    wasmFetch = { file, integrity: current, credentials };
    return tag.replace(/\s+integrity="[^"]*"/, "");
  }
  return tag.replace(/integrity="[^"]*"/, () => `integrity="${current}"`);
});
if (!wasmFetch) {
  fail(`no <link rel="preload" as="fetch" integrity=…> of the wasm in ${indexPath}`);
}
// Trunk's loader script: `init({ module_or_path: '<public URL><wasm>' })`.
const initArgument = new RegExp(`module_or_path:\\s*(['"])${escapeRegExp(publicUrl + wasmFetch.file)}\\1`, "g");
const initCalls = html.match(initArgument) || [];
if (initCalls.length !== 1) {
  fail(`expected Trunk's loader script to pass module_or_path '${publicUrl}${wasmFetch.file}' once, found ${initCalls.length}`);
}
const fetchOptions = JSON.stringify({ integrity: wasmFetch.integrity, mode: "cors", credentials: wasmFetch.credentials });
html = html.replace(initArgument, () => `module_or_path: fetch(${JSON.stringify(publicUrl + wasmFetch.file)}, ${fetchOptions})`);

// The checks: each name is its bytes' hash, no old name is left.
for (const [name, bytes] of final) {
  const parts = name.match(HASHED_NAME);
  if (!parts || parts[2] !== nameHash(readFileSync(join(dir, name))) || !readFileSync(join(dir, name)).equals(bytes)) {
    fail(`${name} is not named by the hash of its bytes`);
  }
}
const leftovers = [...renamed.keys()].filter(
  (old) => referencePattern([old]).test(html) || [...final.entries()].some(([name, bytes]) => name.match(/\.(js|css)$/) && referencePattern([old]).test(bytes.toString("utf8"))),
);
if (leftovers.length > 0) {
  fail(`still named after the rename: ${leftovers.join(", ")}`);
}
writeFileSync(indexPath, html);
const renaming = process.hrtime.bigint();

// 4. Precompressed copies, release builds only.
const sizes = [];
if (profile === "release") {
  const gzip = promisify(zlib.gzip);
  const brotli = promisify(zlib.brotliCompress);
  await Promise.all(
    [...final].map(async ([name, bytes]) => {
      const [gz, br] = await Promise.all([
        gzip(bytes, { level: 9 }),
        brotli(bytes, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_MODE]: name.endsWith(".wasm") ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
      ]);
      const kept = [];
      for (const [extension, compressed] of [["gz", gz], ["br", br]]) {
        if (compressed.length < bytes.length) {
          writeFileSync(join(dir, `${name}.${extension}`), compressed);
          kept.push(`${extension} ${compressed.length}`);
        }
      }
      sizes.push(`${name} ${bytes.length} B (${kept.join(", ") || "not precompressed: no smaller"})`);
    }),
  );
}
const milliseconds = (from, to) => Number((to - from) / 1000000n);
console.log(
  `hash-names.mjs: ${renamed.size} of ${final.size} files renamed (${milliseconds(started, renaming)} ms), wasm integrity moved to its fetch` +
    (profile === "release" ? `; precompressed in ${milliseconds(renaming, process.hrtime.bigint())} ms: ${sizes.sort().join("; ")}` : "; no precompression in a debug build"),
);
