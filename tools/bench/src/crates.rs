//! What each dependency costs in the wasm: code bytes per crate.
//!
//! Read from the module Trunk's wasm-bindgen step writes before wasm-opt
//! (`target/wasm-bindgen/release/ban-tin_bg.wasm`): the code that ships,
//! whose `name` section still names every function (with Rust's legacy
//! mangling, `_ZN7leptos…E`, which [`demangle`] undoes).
//! Each function body is charged to one crate: the crate of its path, or,
//! for generic code of `core`/`alloc`/`std` instantiated for another crate
//! (`core::ptr::drop_in_place<leptos::…>`), that crate, because it is the
//! reason the code exists. The parser is a few dozen lines of the wasm
//! binary format, so the bench needs no wasm crate for it.

use std::collections::HashMap;

/// Code bytes charged to one crate.
#[derive(Clone, Debug, PartialEq)]
pub struct CrateCost {
    pub krate: String,
    pub code_bytes: u64,
    pub functions: u64,
}

/// The breakdown of one module.
#[derive(Clone, Debug, Default)]
pub struct CodeBreakdown {
    /// Biggest first.
    pub crates: Vec<CrateCost>,
    pub code_bytes: u64,
    /// The data section: string constants, tables.
    pub data_bytes: u64,
    pub functions: u64,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("unexpected end of the module")?;
        self.at += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("LEB128 number too long".into());
            }
        }
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n as usize).filter(|end| *end <= self.bytes.len()).ok_or("section runs past the end")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self.leb()?;
        Ok(String::from_utf8_lossy(self.take(len)?).into_owned())
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

/// Counts imported functions (they come first in the function index space).
fn imported_functions(section: &[u8]) -> Result<u64, String> {
    let mut r = Reader::new(section);
    let mut functions = 0;
    for _ in 0..r.leb()? {
        r.name()?;
        r.name()?;
        match r.byte()? {
            0 => {
                r.leb()?;
                functions += 1;
            }
            1 => {
                r.byte()?;
                r.limits()?;
            }
            2 => r.limits()?,
            3 => {
                r.byte()?;
                r.byte()?;
            }
            4 => {
                r.byte()?;
                r.leb()?;
            }
            kind => return Err(format!("unknown import kind {kind}")),
        }
    }
    Ok(functions)
}

/// Function index → name, from the `name` custom section's function names.
fn function_names(section: &[u8]) -> Result<HashMap<u64, String>, String> {
    let mut r = Reader::new(section);
    let mut names = HashMap::new();
    while !r.done() {
        let id = r.byte()?;
        let len = r.leb()?;
        let body = r.take(len)?;
        if id != 1 {
            continue;
        }
        let mut f = Reader::new(body);
        for _ in 0..f.leb()? {
            let index = f.leb()?;
            names.insert(index, f.name()?);
        }
    }
    Ok(names)
}

fn is_std(krate: &str) -> bool {
    matches!(krate, "core" | "alloc" | "std" | "compiler_builtins")
}

/// Undoes Rust's legacy symbol mangling (`_ZN` + length-prefixed path
/// segments + `E`), dropping the trailing hash; other names come back as they are.
pub fn demangle(symbol: &str) -> String {
    let Some(mut rest) = symbol.strip_prefix("_ZN") else {
        return symbol.to_string();
    };
    let mut segments = Vec::new();
    while let Some(digits) = rest.find(|c: char| !c.is_ascii_digit()).filter(|n| *n > 0) {
        let Ok(len) = rest[..digits].parse::<usize>() else { break };
        let Some(segment) = rest.get(digits..digits + len) else { break };
        segments.push(segment);
        rest = &rest[digits + len..];
    }
    if !rest.starts_with('E') || segments.is_empty() {
        return symbol.to_string();
    }
    if segments.last().is_some_and(|h| h.len() == 17 && h.starts_with('h') && h[1..].bytes().all(|b| b.is_ascii_hexdigit())) {
        segments.pop();
    }
    segments.iter().map(|s| unescape_segment(s)).collect::<Vec<_>>().join("::")
}

fn unescape_segment(segment: &str) -> String {
    let segment = segment.strip_prefix("_$").map(|s| format!("${s}")).unwrap_or_else(|| segment.to_string());
    let mut out = String::new();
    let mut rest = segment.as_str();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("..") {
            out.push_str("::");
            rest = after;
        } else if let Some(end) = rest.strip_prefix('$').and_then(|r| r.find('$')) {
            let code = &rest[1..1 + end];
            let decoded = match code {
                "LT" => Some('<'),
                "GT" => Some('>'),
                "RF" => Some('&'),
                "BP" => Some('*'),
                "C" => Some(','),
                "SP" => Some('@'),
                "LP" => Some('('),
                "RP" => Some(')'),
                _ => code.strip_prefix('u').and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32),
            };
            match decoded {
                Some(c) => {
                    out.push(c);
                    rest = &rest[end + 2..];
                }
                None => {
                    out.push('$');
                    rest = &rest[1..];
                }
            }
        } else {
            let c = rest.chars().next().unwrap_or('?');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The crate a function's code is charged to, from its (mangled or demangled) name.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("_R") {
        return v0_crate(name).unwrap_or_else(|| "(runtime, unnamed)".into());
    }
    let name = without_crate_hashes(&demangle(name));
    let paths = path_roots(&name);
    let Some(first) = paths.first() else {
        return "(runtime, unnamed)".into();
    };
    if is_std(first) {
        if let Some(user) = paths.iter().find(|k| !is_std(k)) {
            return user.clone();
        }
    }
    first.clone()
}

/// The crate of a v0-mangled symbol (`_R…`, as the precompiled standard
/// library has them): the first crate root `C[s<disambiguator>_]<len><name>`.
fn v0_crate(symbol: &str) -> Option<String> {
    let bytes = symbol.as_bytes();
    for start in (0..bytes.len()).filter(|i| bytes[*i] == b'C') {
        let mut i = start + 1;
        if bytes.get(i) == Some(&b's') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'_') {
                continue;
            }
            i += 1;
        }
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let Ok(len) = symbol[i..i + digits].parse::<usize>() else { continue };
        let Some(name) = symbol.get(i + digits..i + digits + len) else { continue };
        if name.bytes().all(is_ident) && !name.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(name.to_string());
        }
    }
    None
}

/// Drops the `[e24a27700634d609]` crate disambiguators that v0 demangling
/// leaves after crate names (`<dlmalloc[…]::dlmalloc::Dlmalloc<…>>::malloc`).
fn without_crate_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|c| open + c);
        match close {
            Some(close) if close > open + 1 && rest[open + 1..close].bytes().all(|b| b.is_ascii_hexdigit()) => {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first segment of every `a::b` path in a name, in order.
fn path_roots(name: &str) -> Vec<String> {
    let bytes = name.as_bytes();
    let mut roots = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') && (i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':');
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if name[i..].starts_with("::") && !(start >= 2 && &name[start - 2..start] == "::") {
            roots.push(name[start..i].to_string());
        }
    }
    roots
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Parses a module and charges each function body to a crate.
pub fn breakdown(module: &[u8]) -> Result<CodeBreakdown, String> {
    if module.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let mut r = Reader::new(module);
    r.take(8)?;
    let mut imported = 0;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names = HashMap::new();
    let mut data_bytes = 0;
    while !r.done() {
        let id = r.byte()?;
        let len = r.leb()?;
        let section = r.take(len)?;
        match id {
            0 => {
                let mut s = Reader::new(section);
                if s.name()? == "name" {
                    names = function_names(&section[s.at..])?;
                }
            }
            2 => imported = imported_functions(section)?,
            10 => {
                let mut s = Reader::new(section);
                for _ in 0..s.leb()? {
                    let size = s.leb()?;
                    s.take(size)?;
                    bodies.push(size);
                }
            }
            11 => data_bytes = len,
            _ => {}
        }
    }
    let mut by_crate: HashMap<String, (u64, u64)> = HashMap::new();
    let mut shipped = 0;
    let mut functions = 0;
    for (i, size) in bodies.iter().enumerate() {
        let name = names.get(&(imported + i as u64));
        // wasm-bindgen runs these at build time and removes them.
        if name.is_some_and(|n| n.starts_with("__wbindgen_describe")) {
            continue;
        }
        shipped += size;
        functions += 1;
        let krate = name.map(|n| crate_of(n)).unwrap_or_else(|| "(runtime, unnamed)".into());
        let entry = by_crate.entry(krate).or_default();
        entry.0 += size;
        entry.1 += 1;
    }
    let mut crates: Vec<CrateCost> = by_crate
        .into_iter()
        .map(|(krate, (code_bytes, functions))| CrateCost { krate, code_bytes, functions })
        .collect();
    crates.sort_by(|a, b| b.code_bytes.cmp(&a.code_bytes).then_with(|| a.krate.cmp(&b.krate)));
    Ok(CodeBreakdown {
        code_bytes: shipped,
        functions,
        crates,
        data_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expected: &str) {
        assert_eq!(crate_of(name), expected, "{name}");
    }

    #[test]
    fn legacy_symbols_demangle() {
        assert_eq!(demangle("_ZN7ban_tin6format18format_vn_datetime17h0123456789abcdefE"), "ban_tin::format::format_vn_datetime");
        assert_eq!(
            demangle("_ZN63_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..clone..Clone$GT$5clone17h0123456789abcdefE"),
            "<alloc::vec::Vec<T> as core::clone::Clone>::clone"
        );
        assert_eq!(demangle("_ZN6leptos3foo28_$u7b$$u7b$closure$u7d$$u7d$E"), "leptos::foo::{{closure}}");
        assert_eq!(demangle("memcpy"), "memcpy");
        assert_eq!(demangle("_ZN3abcE"), "abc");
        assert_eq!(demangle("_ZN99tooshortE"), "_ZN99tooshortE");
    }

    #[test]
    fn functions_are_charged_to_the_crate_that_needs_them() {
        check("ban_tin::format::format_vn_datetime::h0123456789abcdef", "ban_tin");
        check("leptos_router::components::Routes::{{closure}}", "leptos_router");
        check("<tachys::html::element::HtmlElement<E,At,Ch> as tachys::view::Render>::build", "tachys");
        check("core::ptr::drop_in_place<reactive_graph::owner::Owner>", "reactive_graph");
        check("<alloc::vec::Vec<T> as core::clone::Clone>::clone", "alloc");
        check("<&T as core::fmt::Display>::fmt", "core");
        check("alloc::raw_vec::RawVec<T,A>::grow_one", "alloc");
        check("core::ptr::drop_in_place<alloc::vec::Vec<ban_tin::model::ArticleSummary>>", "ban_tin");
        check("_ZN6js_sys4Date3now26__wbg_now_463ac581d2fc7ea317h10d78c2715e32813E", "js_sys");
        check("_ZN63_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..clone..Clone$GT$5clone17h0123456789abcdefE", "alloc");
        check("_ZN4core3ptr49drop_in_place$LT$leptos_router..location..Url$GT$17h0123456789abcdefE", "leptos_router");
        check("_RNvMs0_NtCsjqx8TIyZbP9_8dlmalloc8dlmallocINtB5_8DlmallocNtNtB7_3sys6SystemE6mallocCsebHcaeoSrxy_3std", "dlmalloc");
        check("_RNvXsX_NtNtCs5cOc02OMXlo_5alloc3ffi5c_strNtB5_8NulErrorNtNtCsgXGp5Oqx2Ny_4core3fmt5Debug3fmt", "alloc");
        check("_RNvNtCsgXGp5Oqx2Ny_4core3str19slice_error_fail_rt", "core");
        check("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<dlmalloc[e24a27700634d609]::sys::System>>::malloc", "dlmalloc");
        check("core::fmt::Formatter::pad::h0123456789abcdef", "core");
        check("<[T] as core::fmt::Debug>::fmt", "core");
        check("memcpy", "(runtime, unnamed)");
        check("__wbindgen_malloc", "(runtime, unnamed)");
    }

    /// A hand-assembled module: one imported function, two bodies (3 and 5
    /// bytes), names for both, and 4 bytes of data.
    #[test]
    fn a_tiny_module_breaks_down_by_name() {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: one type () -> ()
        m.extend([1, 4, 1, 0x60, 0, 0]);
        // import section: "m" "f" func type 0
        m.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]);
        // function section: two functions of type 0
        m.extend([3, 3, 2, 0, 0]);
        // code section: bodies of 3 and 5 bytes
        m.extend([10, 11, 2, 3, 0, 0x01, 0x0b, 5, 0, 0x01, 0x01, 0x01, 0x0b]);
        // data section (4 bytes of payload)
        m.extend([11, 4, 0, 0, 0, 0]);
        // name section: function names 1 = "leptos::a", 2 = "ban_tin::b"
        let names: Vec<u8> = [vec![2, 1], b"\x09leptos::a".to_vec(), vec![2], b"\x0aban_tin::b".to_vec()].concat();
        let sub: Vec<u8> = [vec![1, names.len() as u8], names].concat();
        let custom: Vec<u8> = [b"\x04name".to_vec(), sub].concat();
        m.push(0);
        m.push(custom.len() as u8);
        m.extend(custom);

        let b = breakdown(&m).expect("parses");
        assert_eq!(b.functions, 2);
        assert_eq!(b.code_bytes, 8);
        assert_eq!(b.data_bytes, 4);
        assert_eq!(
            b.crates,
            vec![
                CrateCost { krate: "ban_tin".into(), code_bytes: 5, functions: 1 },
                CrateCost { krate: "leptos".into(), code_bytes: 3, functions: 1 },
            ]
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(breakdown(b"not wasm").is_err());
        assert!(breakdown(b"\0asm\x01\0\0\0\x0a\xff\xff").is_err());
    }
}
