//! Building the index from documents (host only: the publishing step
//! calls it; the wasm never carries it).
//!
//! Memory stays small at 100 000 articles: documents are fed one at a
//! time, and what is kept of each is its result fields (slug, title, date,
//! category, lead) and one compact posting per distinct term. Document
//! numbers (newest first) are only known once every document is in, so
//! postings carry the order of arrival and are renumbered in
//! [`IndexBuilder::finish`]; a term's list is cut to its top K while
//! documents arrive (the order of a list, tier then newest, is known from
//! the start), so a frequent syllable never holds more than 2K.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, FixedOffset};

use super::fold::{fold_into, lower_into};
use super::format::{
    encode_category_docs, encode_days, encode_shard, encode_term, flags, fnv1a32, tier, vn_day, Posting, FIELD_BODY,
    FIELD_LEAD, FIELD_TITLE, MAX_VARIANTS, VARIANT_UNLISTED,
};
use super::manifest::{
    category_path, days_path, doc_chunk_path, encode_doc_chunk, encode_manifest, manifest_path, shard_path, ChunkDoc,
    ManifestContent,
};
use super::rank::pair_key;
use super::tokens::scan;

/// Top-K cuts: the most postings a unigram's and a pair's list keep.
pub const UNIGRAM_CUT: usize = 2_000;
pub const PAIR_CUT: usize = 1_000;
/// Documents per doc chunk.
pub const DOC_CHUNK: u32 = 8;
/// The average shard size the number of shards aims at, before compression.
/// A query fetches one shard per term (up to 15 for a four-syllable query
/// with completions), and most of a shard is other terms: measured at
/// 100 000 articles, a two-syllable query with completions ("thi du") as
/// the third of a session cost 55 kB gzip with 12 000-byte shards and
/// 26 kB with 4 000 (docs/API.md, the search index).
pub const SHARD_TARGET_BYTES: usize = 4_000;
/// The manifest's completion list: at most this many syllables, and this
/// many bytes, so its size does not grow with the number of articles.
pub const MANIFEST_SYLLABLES: usize = 3_000;
pub const MANIFEST_SYLLABLE_BYTES: usize = 15_000;

/// The spelling cache stops growing here (a corpus full of one-off numbers
/// and codes would otherwise keep every one): later spellings are folded
/// each time they are met, with the same result.
const MAX_CACHED_SPELLINGS: usize = 1 << 20;

/// FNV-1a for the builder's maps: short keys, hashed hundreds of millions
/// of times; nothing is iterated in hash order (every output is sorted).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// One document as the index reads it.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub lead: &'a str,
    /// The body's text as the reader sees it (not its HTML).
    pub body_text: &'a str,
    pub published_at: DateTime<FixedOffset>,
    pub category_slug: &'a str,
    pub category_name: &'a str,
}

/// What a result shows of a document, kept until the end.
struct Record {
    slug: Box<str>,
    title: Box<str>,
    lead: Box<str>,
    published_at: DateTime<FixedOffset>,
    /// Index into the builder's categories, in order of arrival.
    category: u32,
}

/// A unigram posting while building: arrival number, fields, variant (an
/// index into the term's variants in order of arrival).
#[derive(Clone, Copy)]
struct Draft {
    arrival: u32,
    variant: u16,
    fields: u8,
}

struct Unigram {
    key: Box<str>,
    /// Documents that hold it (before any cut).
    docs: u32,
    /// Accented forms in order of arrival.
    variants: Vec<Variant>,
    postings: Vec<Draft>,
    /// The current document: its arrival number + 1 if it holds the term
    /// (0: none yet), the fields, the variant of the first occurrence.
    stamp: u32,
    fields: u8,
    first_variant: u16,
}

struct Variant {
    form: Box<str>,
    /// Documents that hold it.
    docs: u32,
    /// The last document counted (arrival + 1).
    stamp: u32,
}

/// A pair term while building, kept in the map of pairs itself: the map is
/// large (millions of pairs at 100 000 articles), and a second table would
/// cost a second cache miss for every syllable read.
#[derive(Default)]
struct Pair {
    /// `arrival << 3 | fields` (room for 2^29 documents).
    postings: Vec<u32>,
    stamp: u32,
    fields: u8,
}

/// Each document's publication instant (seconds, nanoseconds since 1970,
/// by arrival), and its record for the rare tie: the cuts compare
/// documents hundreds of millions of times at 100 000 articles, and this
/// small table stays in the cache.
struct Dates<'a> {
    instants: &'a [(i64, u32)],
    records: &'a [Record],
}

impl Dates<'_> {
    /// Documents newest first; the same instant by slug.
    fn newest_first(&self, a: u32, b: u32) -> Ordering {
        let (a, b) = (a as usize, b as usize);
        self.instants[b].cmp(&self.instants[a]).then_with(|| self.records[a].slug.cmp(&self.records[b].slug))
    }

    /// The order of a list: best tier first, then newest.
    fn list_order(&self, (a, a_fields): (u32, u8), (b, b_fields): (u32, u8)) -> Ordering {
        tier(b_fields).cmp(&tier(a_fields)).then_with(|| self.newest_first(a, b))
    }
}

/// Keeps the first `cut` items of `list` in list order once it holds twice
/// that (amortised: one linear selection every `cut` additions).
fn cut_when_full<T: Copy>(list: &mut Vec<T>, cut: usize, order: impl Fn(&T, &T) -> Ordering) {
    if list.len() >= cut.saturating_mul(2).max(1) {
        if cut == 0 {
            list.clear();
            return;
        }
        list.select_nth_unstable_by(cut - 1, &order);
        list.truncate(cut);
    }
}

/// Numbers of the index as built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub docs: u32,
    pub unigrams: usize,
    pub pairs: usize,
    pub shards: u32,
    /// Postings written, and postings the top-K cuts left out.
    pub postings: u64,
    pub postings_cut: u64,
}

/// Every file of the index, paths relative to the site root, sorted.
#[derive(Clone, Debug, Default)]
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: IndexStats,
}

/// The index being built; see the module docs.
pub struct IndexBuilder {
    unigram_cut: usize,
    pair_cut: usize,
    records: Vec<Record>,
    /// [`Dates::instants`].
    instants: Vec<(i64, u32)>,
    /// (slug, name) in order of arrival.
    categories: Vec<(String, String)>,
    category_ids: FnvMap<String, u32>,
    unigram_ids: FnvMap<Box<str>, u32>,
    unigrams: Vec<Unigram>,
    /// By `first << 32 | second` (their unigram numbers).
    pairs: FnvMap<u64, Pair>,
    postings_cut: u64,
    /// Each spelling met so far (as written: "Đường", "đường") with its
    /// unigram and variant: most words are met again and again, so they
    /// are folded once.
    spellings: FnvMap<Box<str>, (u32, u16)>,
    // Per document, kept to reuse their memory.
    touched_unigrams: Vec<u32>,
    touched_pairs: Vec<u64>,
    folded: String,
    lower: String,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    pub fn new() -> Self {
        IndexBuilder::with_cuts(UNIGRAM_CUT, PAIR_CUT)
    }

    /// A builder with other top-K cuts (tests show what a cut does).
    pub fn with_cuts(unigram_cut: usize, pair_cut: usize) -> Self {
        IndexBuilder {
            unigram_cut,
            pair_cut,
            records: Vec::new(),
            instants: Vec::new(),
            categories: Vec::new(),
            category_ids: FnvMap::default(),
            unigram_ids: FnvMap::default(),
            unigrams: Vec::new(),
            pairs: FnvMap::default(),
            postings_cut: 0,
            spellings: FnvMap::default(),
            touched_unigrams: Vec::new(),
            touched_pairs: Vec::new(),
            folded: String::new(),
            lower: String::new(),
        }
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Adds one document (each slug once).
    pub fn add(&mut self, document: &Document<'_>) {
        let arrival = self.records.len() as u32;
        let category = match self.category_ids.get(document.category_slug) {
            Some(id) => *id,
            None => {
                let id = self.categories.len() as u32;
                self.categories.push((document.category_slug.to_string(), document.category_name.to_string()));
                self.category_ids.insert(document.category_slug.to_string(), id);
                id
            }
        };
        self.instants.push((document.published_at.timestamp(), document.published_at.timestamp_subsec_nanos()));
        self.records.push(Record {
            slug: document.slug.into(),
            title: document.title.into(),
            lead: document.lead.into(),
            published_at: document.published_at,
            category,
        });

        self.touched_unigrams.clear();
        self.touched_pairs.clear();
        // Title first: a term's first occurrence is then in its best field.
        for (field, text) in [(FIELD_TITLE, document.title), (FIELD_LEAD, document.lead), (FIELD_BODY, document.body_text)] {
            self.read_field(arrival, field, text);
        }

        let dates = Dates { instants: &self.instants, records: &self.records };
        for &term in &self.touched_unigrams {
            let unigram = &mut self.unigrams[term as usize];
            unigram.docs += 1;
            unigram.postings.push(Draft { arrival, variant: unigram.first_variant, fields: unigram.fields });
            let before = unigram.postings.len();
            cut_when_full(&mut unigram.postings, self.unigram_cut, |a, b| {
                dates.list_order((a.arrival, a.fields), (b.arrival, b.fields))
            });
            self.postings_cut += (before - unigram.postings.len()) as u64;
        }
        for code in &self.touched_pairs {
            // Just read for this document: in the cache.
            let Some(pair) = self.pairs.get_mut(code) else { continue };
            pair.postings.push(arrival << 3 | u32::from(pair.fields));
            let before = pair.postings.len();
            cut_when_full(&mut pair.postings, self.pair_cut, |a, b| {
                dates.list_order((a >> 3, (a & 7) as u8), (b >> 3, (b & 7) as u8))
            });
            self.postings_cut += (before - pair.postings.len()) as u64;
        }
    }

    /// The unigram and variant of `word` (as written).
    fn spelling(&mut self, word: &str) -> (u32, u16) {
        if let Some(known) = self.spellings.get(word) {
            return *known;
        }
        self.folded.clear();
        fold_into(word, &mut self.folded);
        self.lower.clear();
        lower_into(word, &mut self.lower);
        let term = match self.unigram_ids.get(self.folded.as_str()) {
            Some(term) => *term,
            None => {
                let term = self.unigrams.len() as u32;
                let key: Box<str> = self.folded.as_str().into();
                self.unigrams.push(Unigram {
                    key: key.clone(),
                    docs: 0,
                    variants: Vec::new(),
                    postings: Vec::new(),
                    stamp: 0,
                    fields: 0,
                    first_variant: 0,
                });
                self.unigram_ids.insert(key, term);
                term
            }
        };
        let variants = &mut self.unigrams[term as usize].variants;
        let variant = match variants.iter().position(|variant| *variant.form == *self.lower) {
            Some(at) => at,
            None => {
                variants.push(Variant { form: self.lower.as_str().into(), docs: 0, stamp: 0 });
                variants.len() - 1
            }
        };
        let known = (term, u16::try_from(variant).unwrap_or(u16::MAX));
        if self.spellings.len() < MAX_CACHED_SPELLINGS {
            self.spellings.insert(word.into(), known);
        }
        known
    }

    fn read_field(&mut self, arrival: u32, field: u8, text: &str) {
        let stamp = arrival + 1;
        let mut previous: Option<u32> = None;
        scan(text, |range, joined| {
            let (term, variant) = self.spelling(&text[range]);
            let unigram = &mut self.unigrams[term as usize];
            if let Some(counted) = unigram.variants.get_mut(usize::from(variant)) {
                if counted.stamp != stamp {
                    counted.stamp = stamp;
                    counted.docs += 1;
                }
            }
            if unigram.stamp != stamp {
                unigram.stamp = stamp;
                unigram.fields = field;
                unigram.first_variant = variant;
                self.touched_unigrams.push(term);
            } else {
                unigram.fields |= field;
            }
            if let (true, Some(first)) = (joined, previous) {
                let code = u64::from(first) << 32 | u64::from(term);
                let pair = self.pairs.entry(code).or_default();
                if pair.stamp != stamp {
                    pair.stamp = stamp;
                    pair.fields = field;
                    self.touched_pairs.push(code);
                } else {
                    pair.fields |= field;
                }
            }
            previous = Some(term);
        });
    }

    /// Every file of the index. `site_categories` (slug, name) come first
    /// in the manifest, in menu order; categories only articles name follow,
    /// by slug.
    pub fn finish(self, site_categories: &[(String, String)]) -> IndexFiles {
        let IndexBuilder { unigram_cut, pair_cut, records, instants, categories, unigrams, pairs, mut postings_cut, .. } = self;

        // Categories: the site's, then the others by slug.
        let mut manifest_categories: Vec<(String, String)> = site_categories.to_vec();
        let mut others: Vec<&(String, String)> =
            categories.iter().filter(|(slug, _)| !site_categories.iter().any(|(site, _)| site == slug)).collect();
        others.sort();
        manifest_categories.extend(others.into_iter().cloned());
        let category_index: Vec<u32> = categories
            .iter()
            .map(|(slug, _)| manifest_categories.iter().position(|(known, _)| known == slug).unwrap_or(0) as u32)
            .collect();

        // Document numbers: newest first.
        let mut order: Vec<u32> = (0..records.len() as u32).collect();
        let dates = Dates { instants: &instants, records: &records };
        order.sort_unstable_by(|a, b| dates.newest_first(*a, *b));
        let mut doc_of = vec![0u32; records.len()];
        for (doc, arrival) in order.iter().enumerate() {
            doc_of[*arrival as usize] = doc as u32;
        }

        // The manifest's completion list (before the terms are consumed):
        // most documents first, capped.
        let mut frequent: Vec<&Unigram> = unigrams.iter().collect();
        frequent.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.key.cmp(&b.key)));
        let mut syllables: Vec<Box<str>> = Vec::new();
        let mut syllable_bytes = 0;
        for unigram in frequent {
            if syllables.len() == MANIFEST_SYLLABLES || syllable_bytes + unigram.key.len() + 1 > MANIFEST_SYLLABLE_BYTES {
                break;
            }
            syllable_bytes += unigram.key.len() + 1;
            syllables.push(unigram.key.clone());
        }

        // Every term's block, encoded once into one buffer (per-term
        // allocations would weigh more than the blocks at millions of
        // pairs), each list freed once encoded; shards are then groups of
        // blocks.
        let mut arena: Vec<u8> = Vec::new();
        let mut blocks: Vec<Block> = Vec::with_capacity(unigrams.len() + pairs.len());
        let mut postings_written: u64 = 0;
        let mut postings: Vec<Posting> = Vec::new();
        let pair_count = pairs.len();
        // (The map's order does not matter: blocks are sorted by key below.)
        for (code, pair) in pairs {
            let (first, second) = ((code >> 32) as usize, (code & 0xffff_ffff) as usize);
            let key = pair_key(&unigrams[first].key, &unigrams[second].key);
            postings.clear();
            postings.extend(
                pair.postings.iter().map(|packed| Posting { doc: doc_of[(packed >> 3) as usize], flags: flags((packed & 7) as u8, 0) }),
            );
            drop(pair);
            postings_cut += keep_in_order(&mut postings, pair_cut);
            postings_written += postings.len() as u64;
            let start = arena.len();
            encode_term(&mut arena, &key, &[], &postings);
            blocks.push(Block { shard: fnv1a32(key.as_bytes()), start, end: arena.len() });
        }
        let unigram_count = unigrams.len();
        for unigram in unigrams {
            let mut by_count: Vec<usize> = (0..unigram.variants.len()).collect();
            by_count.sort_by(|a, b| {
                let (a, b) = (&unigram.variants[*a], &unigram.variants[*b]);
                b.docs.cmp(&a.docs).then_with(|| a.form.cmp(&b.form))
            });
            by_count.truncate(MAX_VARIANTS);
            let mut rank = vec![VARIANT_UNLISTED; unigram.variants.len()];
            for (listed, arrival) in by_count.iter().enumerate() {
                rank[*arrival] = listed as u8;
            }
            let variants: Vec<String> = by_count.iter().map(|at| unigram.variants[*at].form.to_string()).collect();
            postings.clear();
            postings.extend(unigram.postings.iter().map(|draft| Posting {
                doc: doc_of[draft.arrival as usize],
                flags: flags(draft.fields, rank.get(usize::from(draft.variant)).copied().unwrap_or(VARIANT_UNLISTED)),
            }));
            postings_cut += keep_in_order(&mut postings, unigram_cut);
            postings_written += postings.len() as u64;
            let start = arena.len();
            encode_term(&mut arena, &unigram.key, &variants, &postings);
            blocks.push(Block { shard: fnv1a32(unigram.key.as_bytes()), start, end: arena.len() });
        }
        drop(postings);

        let shards = ((arena.len() + SHARD_TARGET_BYTES / 2) / SHARD_TARGET_BYTES).max(1) as u32;
        for block in &mut blocks {
            block.shard %= shards;
        }
        blocks.sort_unstable_by(|a, b| a.shard.cmp(&b.shard).then_with(|| a.key(&arena).cmp(b.key(&arena))));
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut rest = blocks.as_slice();
        for n in 0..shards {
            let count = rest.iter().take_while(|block| block.shard == n).count();
            let (terms, after) = rest.split_at(count);
            files.push((shard_path(n), encode_shard(terms.iter().map(|block| &arena[block.start..block.end]))));
            rest = after;
        }
        drop(blocks);
        drop(arena);

        // Doc chunks, category files, days.
        for (n, chunk) in order.chunks(DOC_CHUNK as usize).enumerate() {
            let docs: Vec<ChunkDoc<'_>> = chunk
                .iter()
                .map(|arrival| {
                    let record = &records[*arrival as usize];
                    ChunkDoc {
                        slug: &record.slug,
                        title: &record.title,
                        published_at: record.published_at,
                        category: category_index[record.category as usize],
                        lead: &record.lead,
                    }
                })
                .collect();
            files.push((doc_chunk_path(n as u32), encode_doc_chunk(&docs).into_bytes()));
        }
        let mut category_docs: Vec<Vec<u32>> = vec![Vec::new(); manifest_categories.len()];
        for (doc, arrival) in order.iter().enumerate() {
            let category = category_index[records[*arrival as usize].category as usize] as usize;
            if let Some(docs) = category_docs.get_mut(category) {
                docs.push(doc as u32);
            }
        }
        for ((slug, _), docs) in manifest_categories.iter().zip(&category_docs) {
            files.push((category_path(slug), encode_category_docs(docs)));
        }
        files.push((days_path(), encode_days(order.iter().map(|arrival| vn_day(&records[*arrival as usize].published_at)))));

        let syllables: Vec<&str> = syllables.iter().map(|syllable| &**syllable).collect();
        let manifest = encode_manifest(&ManifestContent {
            docs: records.len() as u32,
            shards,
            doc_chunk: DOC_CHUNK,
            unigram_cut: unigram_cut as u32,
            pair_cut: pair_cut as u32,
            categories: &manifest_categories,
            syllables: &syllables,
        });
        files.push((manifest_path(), manifest.into_bytes()));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let stats = IndexStats {
            docs: records.len() as u32,
            unigrams: unigram_count,
            pairs: pair_count,
            shards,
            postings: postings_written,
            postings_cut,
        };
        IndexFiles { files, stats }
    }
}

/// One term's encoded block in the finishing buffer: its shard (first the
/// key's hash), its bytes.
struct Block {
    shard: u32,
    start: usize,
    end: usize,
}

impl Block {
    /// The term's key: the block starts with its length (a varint), then
    /// its bytes.
    fn key<'a>(&self, arena: &'a [u8]) -> &'a [u8] {
        let block = &arena[self.start..self.end];
        let mut len = 0usize;
        let mut at = 0;
        for (index, byte) in block.iter().take(5).enumerate() {
            len |= usize::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                at = index + 1;
                break;
            }
        }
        &block[at.min(block.len())..(at + len).min(block.len())]
    }
}

/// Sorts `postings` in list order (tier descending, then document) and
/// keeps the first `cut`; returns how many were cut.
fn keep_in_order(postings: &mut Vec<Posting>, cut: usize) -> u64 {
    postings.sort_unstable_by(|a, b| tier(b.flags).cmp(&tier(a.flags)).then(a.doc.cmp(&b.doc)));
    let cut_off = postings.len().saturating_sub(cut);
    postings.truncate(cut);
    cut_off as u64
}
