//! The binary files of the index: term shards (`search/t/{n}.bin`), the
//! docs of a category (`search/c/{slug}.bin`) and the days of the docs
//! (`search/days.bin`). Every integer is an unsigned LEB128 varint.
//!
//! The decoders read bytes from the network: they return
//! [`ApiError::Decode`] for anything malformed and never panic, and they
//! size nothing from a count before the bytes behind it have been read.
//! The encoders are host-only (the publishing step writes the index; the
//! wasm only reads it).

use std::ops::Range;

use crate::model::ApiError;

/// A field where a term occurs, as the bits of a posting's flags.
pub const FIELD_TITLE: u8 = 1;
pub const FIELD_LEAD: u8 = 2;
pub const FIELD_BODY: u8 = 4;
const FIELDS: u8 = FIELD_TITLE | FIELD_LEAD | FIELD_BODY;
/// A unigram lists at most this many accented variants; a posting whose
/// variant is not listed says [`VARIANT_UNLISTED`].
pub const MAX_VARIANTS: usize = 31;
pub const VARIANT_UNLISTED: u8 = 31;

const SHARD_MAGIC: &[u8; 4] = b"BTS1";
const CATEGORY_MAGIC: &[u8; 4] = b"BTC1";
const DAYS_MAGIC: &[u8; 4] = b"BTD1";

/// The tier of a posting: its best field (title 3, lead 2, body 1).
pub fn tier(flags: u8) -> u8 {
    if flags & FIELD_TITLE != 0 {
        3
    } else if flags & FIELD_LEAD != 0 {
        2
    } else if flags & FIELD_BODY != 0 {
        1
    } else {
        0
    }
}

/// The accented variant of a unigram posting (an index into the term's
/// variants, or [`VARIANT_UNLISTED`]).
pub fn variant(flags: u8) -> u8 {
    flags >> 3
}

/// The flags of a posting: its fields and, for a unigram, its variant.
pub fn flags(fields: u8, variant: u8) -> u8 {
    (fields & FIELDS) | (variant.min(VARIANT_UNLISTED) << 3)
}

/// FNV-1a, 32 bits: which shard holds a term.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in bytes {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The shard of term `key` among `shards`.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    fnv1a32(key.as_bytes()) % shards.max(1)
}

/// One document in a term's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub flags: u8,
}

/// One term of a shard: a folded syllable ("duong") or a pair ("thi dua").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermEntry {
    pub key: String,
    /// A unigram's accented forms, most documents first; empty for pairs.
    pub variants: Vec<String>,
    /// Best tier first, then newest (smallest doc number) first.
    pub postings: Vec<Posting>,
}

impl TermEntry {
    /// The accented form of `posting` (a unigram's), if it is listed.
    pub fn variant_of(&self, posting: Posting) -> Option<&str> {
        self.variants.get(usize::from(variant(posting.flags))).map(String::as_str)
    }
}

/// A decoded `search/t/{n}.bin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shard {
    terms: Vec<TermEntry>,
}

impl Shard {
    /// The term `key`, if this shard holds it.
    pub fn term(&self, key: &str) -> Option<&TermEntry> {
        self.terms.binary_search_by(|term| term.key.as_str().cmp(key)).ok().map(|at| &self.terms[at])
    }

    /// Every term, keys ascending.
    pub fn terms(&self) -> &[TermEntry] {
        &self.terms
    }
}

/// Reads varints and byte strings, every step checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], what: &'static str, magic: &[u8; 4]) -> Result<Self, ApiError> {
        let mut reader = Reader { bytes, at: 0, what };
        if reader.take(4)? != magic {
            return Err(reader.error("not an index file (wrong magic)"));
        }
        Ok(reader)
    }

    fn error(&self, why: &str) -> ApiError {
        ApiError::Decode(format!("{}: {why} at byte {}", self.what, self.at))
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ApiError> {
        if n > self.remaining() {
            return Err(self.error("truncated"));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, ApiError> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u32, ApiError> {
        let mut value: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let byte = self.byte()?;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err(self.error("varint overflows 32 bits"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("varint longer than 5 bytes"))
    }

    /// A count of items each at least `min_bytes` long: more than the
    /// bytes left could hold is malformed.
    fn count(&mut self, min_bytes: usize) -> Result<usize, ApiError> {
        let count = self.varint()? as usize;
        if count.saturating_mul(min_bytes) > self.remaining() {
            return Err(self.error("count larger than the file"));
        }
        Ok(count)
    }

    fn text(&mut self) -> Result<&'a str, ApiError> {
        let len = self.varint()? as usize;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| self.error("text is not UTF-8"))
    }

    fn end(&self) -> Result<(), ApiError> {
        if self.remaining() != 0 {
            return Err(self.error("bytes after the end"));
        }
        Ok(())
    }
}

/// Decodes a term shard ([`encode_shard`]).
pub fn decode_shard(bytes: &[u8]) -> Result<Shard, ApiError> {
    let mut reader = Reader::new(bytes, "search shard", SHARD_MAGIC)?;
    let term_count = reader.count(3)?;
    let mut terms: Vec<TermEntry> = Vec::with_capacity(term_count);
    for _ in 0..term_count {
        let key = reader.text()?;
        if key.is_empty() || terms.last().is_some_and(|last| last.key.as_str() >= key) {
            return Err(reader.error("term keys not ascending"));
        }
        let variant_count = reader.count(1)?;
        let mut variants = Vec::with_capacity(variant_count);
        for _ in 0..variant_count {
            variants.push(reader.text()?.to_string());
        }
        let posting_count = reader.count(2)?;
        let mut postings = Vec::with_capacity(posting_count);
        let mut previous: Option<Posting> = None;
        for _ in 0..posting_count {
            let delta = reader.varint()?;
            let flags = reader.byte()?;
            let posting_tier = tier(flags);
            if posting_tier == 0 {
                return Err(reader.error("posting without a field"));
            }
            let doc = match previous {
                Some(previous) if tier(previous.flags) == posting_tier => {
                    if delta == 0 {
                        return Err(reader.error("a document twice in one list"));
                    }
                    previous.doc.checked_add(delta).ok_or_else(|| reader.error("document number overflows"))?
                }
                Some(previous) if tier(previous.flags) < posting_tier => {
                    return Err(reader.error("postings not in tier order"));
                }
                _ => delta,
            };
            let posting = Posting { doc, flags };
            postings.push(posting);
            previous = Some(posting);
        }
        terms.push(TermEntry { key: key.to_string(), variants, postings });
    }
    reader.end()?;
    Ok(Shard { terms })
}

/// The documents of one category (`search/c/{slug}.bin`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryDocs {
    docs: Vec<u32>,
}

impl CategoryDocs {
    pub fn contains(&self, doc: u32) -> bool {
        self.docs.binary_search(&doc).is_ok()
    }

    pub fn docs(&self) -> &[u32] {
        &self.docs
    }
}

/// Decodes a category's documents ([`encode_category_docs`]).
pub fn decode_category_docs(bytes: &[u8]) -> Result<CategoryDocs, ApiError> {
    let mut reader = Reader::new(bytes, "search category", CATEGORY_MAGIC)?;
    let count = reader.count(1)?;
    let mut docs: Vec<u32> = Vec::with_capacity(count);
    for _ in 0..count {
        let delta = reader.varint()?;
        let doc = match docs.last() {
            None => delta,
            Some(_) if delta == 0 => return Err(reader.error("a document twice")),
            Some(last) => last.checked_add(delta).ok_or_else(|| reader.error("document number overflows"))?,
        };
        docs.push(doc);
    }
    reader.end()?;
    Ok(CategoryDocs { docs })
}

/// The publication day of every document (`search/days.bin`): runs of
/// documents published the same day, in document order (newest first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Days {
    /// (day number since 1970-01-01 in UTC+7, how many documents).
    runs: Vec<(u32, u32)>,
}

impl Days {
    /// The documents published from day `from` to day `to` (both
    /// included; `None`: unbounded): a contiguous range, since documents
    /// are numbered newest first.
    pub fn doc_range(&self, from: Option<i64>, to: Option<i64>) -> Range<u32> {
        let mut start: Option<u32> = None;
        let mut end: u32 = 0;
        let mut first: u32 = 0;
        for &(day, count) in &self.runs {
            let day = i64::from(day);
            let inside = from.is_none_or(|from| day >= from) && to.is_none_or(|to| day <= to);
            let next = first.saturating_add(count);
            if inside {
                start.get_or_insert(first);
                end = next;
            }
            first = next;
        }
        match start {
            Some(start) => start..end,
            None => 0..0,
        }
    }

    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }
}

/// Vietnam's offset from UTC: days are counted in Vietnam's time, the
/// time the app shows.
const VN_OFFSET_SECONDS: i64 = 7 * 3600;

/// The day number (since 1970-01-01) of a publication time in UTC+7;
/// anything before 1970 counts as day 0.
pub fn vn_day(at: &chrono::DateTime<chrono::FixedOffset>) -> u32 {
    let day = (at.timestamp() + VN_OFFSET_SECONDS).div_euclid(86_400);
    u32::try_from(day.max(0)).unwrap_or(u32::MAX)
}

/// The day number of a calendar date (may be negative).
pub fn date_day(date: chrono::NaiveDate) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    date.signed_duration_since(epoch).num_days()
}

/// Decodes the days file ([`encode_days`]).
pub fn decode_days(bytes: &[u8]) -> Result<Days, ApiError> {
    let mut reader = Reader::new(bytes, "search days", DAYS_MAGIC)?;
    let count = reader.count(2)?;
    let mut runs: Vec<(u32, u32)> = Vec::with_capacity(count);
    let mut total: u32 = 0;
    for _ in 0..count {
        let value = reader.varint()?;
        let day = match runs.last() {
            None => value,
            Some(&(previous, _)) => previous.checked_sub(value).ok_or_else(|| reader.error("day before 1970"))?,
        };
        let docs = reader.varint()?;
        total = total.checked_add(docs).ok_or_else(|| reader.error("too many documents"))?;
        runs.push((day, docs));
    }
    reader.end()?;
    Ok(Days { runs })
}

// ---------------------------------------------------------------------------
// Encoders: host only.

#[cfg(not(target_arch = "wasm32"))]
pub use encode::*;

#[cfg(not(target_arch = "wasm32"))]
mod encode {
    use super::*;

    /// Appends `value` as an unsigned LEB128 varint.
    pub fn put_varint(out: &mut Vec<u8>, mut value: u32) {
        while value >= 0x80 {
            out.push((value as u8 & 0x7f) | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }

    fn put_text(out: &mut Vec<u8>, text: &str) {
        put_varint(out, text.len() as u32);
        out.extend_from_slice(text.as_bytes());
    }

    /// Appends one term of a shard: its key, its variants, its postings
    /// (which must be in list order: tier descending, then doc ascending).
    pub fn encode_term(out: &mut Vec<u8>, key: &str, variants: &[String], postings: &[Posting]) {
        put_text(out, key);
        put_varint(out, variants.len() as u32);
        for variant in variants {
            put_text(out, variant);
        }
        put_varint(out, postings.len() as u32);
        let mut previous: Option<Posting> = None;
        for posting in postings {
            let delta = match previous {
                Some(previous) if tier(previous.flags) == tier(posting.flags) => posting.doc - previous.doc,
                _ => posting.doc,
            };
            put_varint(out, delta);
            out.push(posting.flags);
            previous = Some(*posting);
        }
    }

    /// A whole shard from its terms' encoded blocks ([`encode_term`]),
    /// which must be in ascending key order.
    pub fn encode_shard<'a>(terms: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u8> {
        let mut out = SHARD_MAGIC.to_vec();
        put_varint(&mut out, terms.len() as u32);
        for term in terms {
            out.extend_from_slice(term);
        }
        out
    }

    /// A category's documents, ascending.
    pub fn encode_category_docs(docs: &[u32]) -> Vec<u8> {
        let mut out = CATEGORY_MAGIC.to_vec();
        put_varint(&mut out, docs.len() as u32);
        let mut previous: Option<u32> = None;
        for &doc in docs {
            put_varint(&mut out, previous.map_or(doc, |previous| doc - previous));
            previous = Some(doc);
        }
        out
    }

    /// The days file from each document's day, in document order (so
    /// non-increasing).
    pub fn encode_days(days: impl IntoIterator<Item = u32>) -> Vec<u8> {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for day in days {
            match runs.last_mut() {
                Some((last, count)) if *last == day => *count += 1,
                _ => runs.push((day, 1)),
            }
        }
        let mut out = DAYS_MAGIC.to_vec();
        put_varint(&mut out, runs.len() as u32);
        let mut previous: Option<u32> = None;
        for (day, count) in runs {
            put_varint(&mut out, previous.map_or(day, |previous| previous.saturating_sub(day)));
            put_varint(&mut out, count);
            previous = Some(day);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        for value in [0, 1, 127, 128, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
            let mut bytes = SHARD_MAGIC.to_vec();
            put_varint(&mut bytes, value);
            let mut reader = Reader::new(&bytes, "test", SHARD_MAGIC).unwrap();
            assert_eq!(reader.varint().unwrap(), value);
            assert!(reader.end().is_ok());
        }
        let mut overflow = SHARD_MAGIC.to_vec();
        overflow.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x1f]);
        assert!(Reader::new(&overflow, "test", SHARD_MAGIC).unwrap().varint().is_err());
    }

    #[test]
    fn days_give_contiguous_ranges() {
        let days = decode_days(&encode_days([20, 20, 19, 17, 17, 17, 10])).unwrap();
        assert_eq!(days.runs(), [(20, 2), (19, 1), (17, 3), (10, 1)]);
        assert_eq!(days.doc_range(Some(17), Some(19)), 2..6);
        assert_eq!(days.doc_range(None, Some(17)), 3..7);
        assert_eq!(days.doc_range(Some(21), None), 0..0);
        assert_eq!(days.doc_range(Some(19), Some(17)), 0..0);
        assert_eq!(days.doc_range(None, None), 0..7);
    }
}
