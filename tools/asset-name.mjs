// The one naming rule of the content-hashed files the release build ships
// (the wasm modules, the JS loaders, the stylesheets), shared by the
// post-build hooks (split-wasm.mjs names the files it writes with it,
// hash-names.mjs renames every such file to it after the last rewrite):
//
//   <stem>-<16 hex digits>[_bg].<wasm|js|css>
//
// where the 16 lowercase hex digits are the first 16 of the SHA-256 of the
// file's bytes as shipped. A server recognises these files with
// `-[0-9a-f]{16}(_bg)?\.(wasm|js|css)$` and may cache them forever: a name
// never stands for two contents.
import { createHash } from "node:crypto";

/** A name of the rule: stem, hash, `_bg` or nothing, extension. */
export const HASHED_NAME = /^(.+)-([0-9a-f]{16})(_bg)?\.(wasm|js|css)$/;

/**
 * A content-hashed name as Trunk or an earlier hook wrote it, before the
 * rename: Trunk writes its hash (`filehash = true`) as a hexadecimal number
 * without leading zeros, so 1 to 16 digits.
 */
export const PROVISIONAL_NAME = /^(.+)-([0-9a-f]{1,16})(_bg)?\.(wasm|js|css)$/;

/** The 16 hex digits of the rule for `bytes`. */
export const nameHash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** `stem-<hash of bytes><bg>.<extension>`; `bg` is "_bg" or "". */
export const hashedName = (stem, bg, extension, bytes) => `${stem}-${nameHash(bytes)}${bg}.${extension}`;
