// Trunk post-build hook: adds a strict Content-Security-Policy to index.html.
//
// Three inline scripts run, and only they: the theme and text-size script,
// the preload script (the bare app shell only) and Trunk's loader. Each
// one's SHA-256 hash is allowed; nothing else inline is (the published
// pages' `application/json` data scripts never run, so need no hash). The
// same policy, plus what a <meta> cannot carry (frame-ancestors), goes to
// content-security-policy.txt for server headers; the publishing step copies
// the meta into every page.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)");
  process.exit(1);
}
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .map((match) => match[1])
  .filter((body) => body.trim() !== "")
  .map((body) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
if (hashes.length === 0) {
  console.error("csp.mjs: found no inline script in index.html");
  process.exit(1);
}

// An API base on another origin needs fetch access to it.
const apiBase = (html.match(/<meta\s+name="api-base"\s+content="([^"]*)"/) || [])[1] || "/api/";
let apiOrigin = "";
if (/^https?:\/\//i.test(apiBase)) {
  apiOrigin = " " + new URL(apiBase).origin;
}

const policy = [
  "default-src 'self'",
  `script-src 'self' ${hashes.join(" ")} 'wasm-unsafe-eval'`,
  "style-src 'self'",
  // Article images may live on the CMS's or a CDN's origin.
  "img-src 'self' https: data:",
  `connect-src 'self'${apiOrigin}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace(/(<meta charset="utf-8"\s*\/?>)/i, `$1\n    ${meta}`);
if (!html.includes(meta)) {
  console.error("csp.mjs: could not place the CSP meta tag after <meta charset>");
  process.exit(1);
}
writeFileSync(indexPath, html);
writeFileSync(join(dir, "content-security-policy.txt"), `${policy}; frame-ancestors 'none'\n`);
console.log(`csp.mjs: CSP with ${hashes.length} script hash(es) written`);
