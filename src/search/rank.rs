//! Answering a query from decoded index files: which files a query needs
//! ([`plan`]), and which documents match, best first ([`evaluate`]).
//!
//! Candidates: every query syllable must match (AND). A syllable matches a
//! document found in one of its unigram lists (the last syllable's includes
//! its completions), or in a pair list with a neighbouring query syllable:
//! pairs are rarer than syllables, so their lists are cut far less, and
//! they keep AND queries over long, cut unigram lists correct for phrases.
//!
//! Ranking, each criterion breaking the ties of the one before:
//! 1. syllables typed with diacritics found with exactly those accents;
//! 2. query pairs found as pairs in a title or lead, then in a body;
//! 3. syllables matched whole rather than only as a prefix;
//! 4. the sum of each syllable's best field (title 3, lead 2, body 1);
//! 5. newest first (the smaller document number).

use std::collections::{BTreeMap, HashMap};

use super::format::{date_day, shard_of, tier, CategoryDocs, Days, Posting, Shard, TermEntry, FIELD_LEAD, FIELD_TITLE};
use super::manifest::Manifest;
use super::query::{Filters, Query, MAX_QUERY_SYLLABLES};

/// Results on one page of `/tim-kiem`.
pub const RESULTS_PER_PAGE: usize = 10;

/// The completions of the last syllable looked up besides the syllable
/// itself (from the manifest, so without a request).
pub const COMPLETIONS: usize = 4;

/// What to fetch for a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Term shards, deduplicated, ascending.
    pub shards: Vec<u32>,
    /// The category file, when the filter names a category of the index.
    pub category: Option<String>,
    /// Whether the days file is needed (a date filter).
    pub days: bool,
}

/// The folded forms syllable `index` matches: itself (whole), then, for
/// the last syllable, its completions.
fn forms<'a>(manifest: &'a Manifest, query: &'a Query, index: usize) -> Vec<(&'a str, bool)> {
    let folded = query.syllables()[index].folded.as_str();
    let mut forms = vec![(folded, true)];
    if query.is_prefix(index) {
        forms.extend(manifest.completions(folded, COMPLETIONS).into_iter().map(|form| (form, false)));
    }
    forms
}

/// A pair term's key.
pub fn pair_key(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// Every term key a query looks up.
fn term_keys(manifest: &Manifest, query: &Query) -> Vec<String> {
    let mut keys = Vec::new();
    for index in 0..query.syllables().len() {
        let forms = forms(manifest, query, index);
        keys.extend(forms.iter().map(|(form, _)| form.to_string()));
        if index > 0 {
            let first = &query.syllables()[index - 1].folded;
            keys.extend(forms.iter().map(|(form, _)| pair_key(first, form)));
        }
    }
    keys
}

/// The files a query needs besides the manifest.
pub fn plan(manifest: &Manifest, query: &Query, filters: &Filters) -> Plan {
    if query.is_empty() {
        return Plan::default();
    }
    let mut shards: Vec<u32> = term_keys(manifest, query).iter().map(|key| shard_of(key, manifest.shards)).collect();
    shards.sort_unstable();
    shards.dedup();
    let category = filters.category.as_ref().filter(|slug| manifest.categories.contains(slug)).cloned();
    Plan { shards, category, days: filters.has_dates() }
}

/// Every matching document, ranked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// How many documents match (= `docs.len()`).
    pub total: usize,
    pub docs: Vec<u32>,
    /// Whether a list the query read was cut at its top K: then more
    /// documents may match than the index kept, and `total` is a lower
    /// bound ("more than …").
    pub lower_bound: bool,
}

/// The ranking criteria 1 to 4 of the module docs, greater first.
type RankKey = (u32, u32, u32, u32, u32);

/// What the lists say about one document.
#[derive(Clone, Copy, Debug, Default)]
struct Evidence {
    /// Bit i: query syllable i matches.
    matched: u8,
    /// Bit i: syllable i matched whole (not only through a completion).
    whole: u8,
    /// Bit i: syllable i found with the accents typed.
    exact: u8,
    /// Bit i: the pair (i, i+1) in a title or lead; in a body.
    phrase_top: u8,
    phrase_body: u8,
    /// Each syllable's best tier.
    tiers: [u8; MAX_QUERY_SYLLABLES],
}

impl Evidence {
    fn note(&mut self, syllable: usize, posting: Posting, whole: bool) {
        let bit = 1u8 << syllable;
        self.matched |= bit;
        if whole {
            self.whole |= bit;
        }
        self.tiers[syllable] = self.tiers[syllable].max(tier(posting.flags));
    }

    /// The ranking key, greater first (the document number is compared
    /// separately).
    fn key(&self) -> RankKey {
        let field: u32 = self.tiers.iter().map(|tier| u32::from(*tier)).sum();
        (
            self.exact.count_ones(),
            self.phrase_top.count_ones(),
            self.phrase_body.count_ones(),
            self.whole.count_ones(),
            field,
        )
    }
}

fn lookup<'a>(manifest: &Manifest, shards: &'a HashMap<u32, Shard>, key: &str) -> Option<&'a TermEntry> {
    shards.get(&shard_of(key, manifest.shards))?.term(key)
}

/// The documents that match `query` and `filters`, ranked. A filter whose
/// file was not given (or a category the index does not know) matches
/// nothing: a result never contradicts the URL's filters.
pub fn evaluate(
    manifest: &Manifest,
    query: &Query,
    filters: &Filters,
    shards: &HashMap<u32, Shard>,
    category: Option<&CategoryDocs>,
    days: Option<&Days>,
) -> Hits {
    if query.is_empty() {
        return Hits::default();
    }
    let count = query.syllables().len();
    let mut evidence: BTreeMap<u32, Evidence> = BTreeMap::new();
    let mut lower_bound = false;
    let mut note_cut = |term: &TermEntry, cut: u32| lower_bound |= cut > 0 && term.postings.len() >= cut as usize;
    for index in 0..count {
        let typed = query.syllables()[index].exact();
        let forms = forms(manifest, query, index);
        for &(form, whole) in &forms {
            let Some(term) = lookup(manifest, shards, form) else { continue };
            note_cut(term, manifest.unigram_cut);
            for posting in &term.postings {
                let found = evidence.entry(posting.doc).or_default();
                found.note(index, *posting, whole);
                // A prefix matches the accents typed so far ("thi đu" and "đua").
                let exact = match (typed, term.variant_of(*posting)) {
                    (Some(typed), Some(variant)) if query.is_prefix(index) => variant.starts_with(typed),
                    (Some(typed), Some(variant)) => variant == typed,
                    _ => false,
                };
                if exact {
                    found.exact |= 1 << index;
                }
            }
        }
        if index == 0 {
            continue;
        }
        let first = &query.syllables()[index - 1].folded;
        for &(form, whole) in &forms {
            let Some(term) = lookup(manifest, shards, &pair_key(first, form)) else { continue };
            note_cut(term, manifest.pair_cut);
            for posting in &term.postings {
                let found = evidence.entry(posting.doc).or_default();
                found.note(index - 1, *posting, true);
                found.note(index, *posting, whole);
                let pair = 1u8 << (index - 1);
                if posting.flags & (FIELD_TITLE | FIELD_LEAD) != 0 {
                    found.phrase_top |= pair;
                } else {
                    found.phrase_body |= pair;
                }
            }
        }
    }

    let all = if count >= 8 { u8::MAX } else { (1u8 << count) - 1 };
    let in_category = |doc: u32| match &filters.category {
        None => true,
        Some(slug) => manifest.categories.contains(slug) && category.is_some_and(|docs| docs.contains(doc)),
    };
    let date_range = filters.has_dates().then(|| {
        days.map(|days| days.doc_range(filters.from.map(date_day), filters.to.map(date_day))).unwrap_or(0..0)
    });
    let mut ranked: Vec<(RankKey, u32)> = evidence
        .into_iter()
        .filter(|(doc, found)| {
            found.matched == all
                && *doc < manifest.docs
                && in_category(*doc)
                && date_range.as_ref().is_none_or(|range| range.contains(doc))
        })
        .map(|(doc, found)| (found.key(), doc))
        .collect();
    ranked.sort_unstable_by(|(key, doc), (other_key, other_doc)| other_key.cmp(key).then(doc.cmp(other_doc)));
    let docs: Vec<u32> = ranked.into_iter().map(|(_, doc)| doc).collect();
    Hits { total: docs.len(), docs, lower_bound }
}
