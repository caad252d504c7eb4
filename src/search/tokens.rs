//! Tokenising: the syllables of a text, where they are, and which two of
//! them are consecutive enough to make a pair.
//!
//! A syllable is a maximal run of alphanumeric characters (combining marks
//! stay inside the run); everything else separates: spaces, punctuation,
//! hyphens, slashes (`22/12/2021` → `22`, `12`, `2021`), quotes. Two
//! syllables are *joined* (a pair term, a phrase) when only whitespace or
//! punctuation other than a sentence break stands between them.

use std::ops::Range;

use super::fold::{fold_into, is_combining_mark, lower_into};

/// Longer runs are not words (hashes, URLs, base64): they are skipped,
/// and no pair spans them.
pub const MAX_SYLLABLE_BYTES: usize = 40;

/// What ends a run of consecutive syllables: no pair across it.
pub fn is_sentence_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | '…')
}

/// One syllable of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syllable {
    /// Its bytes in the original text.
    pub range: Range<usize>,
    /// Lowercase, accents kept ([`super::fold::lower`]).
    pub lower: String,
    /// Folded ([`super::fold::fold`]).
    pub folded: String,
    /// Whether it forms a pair with the syllable before it.
    pub joined: bool,
}

/// Calls `found(range, joined)` for each syllable of `text` in order,
/// without allocating (the index builder runs this over every article).
pub fn scan(text: &str, mut found: impl FnMut(Range<usize>, bool)) {
    let mut start: Option<usize> = None;
    // Whether the syllable before the current gap was kept (not too long),
    // and whether the gap holds a sentence break.
    let mut previous_kept = false;
    let mut gap_breaks = false;
    let mut end_run = |start: usize, end: usize, previous_kept: &mut bool, gap_breaks: &mut bool| {
        if end - start <= MAX_SYLLABLE_BYTES {
            found(start..end, *previous_kept && !*gap_breaks);
            *previous_kept = true;
        } else {
            *previous_kept = false;
        }
        *gap_breaks = false;
    };
    for (at, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(begun)) => {
                end_run(begun, at, &mut previous_kept, &mut gap_breaks);
                start = None;
                gap_breaks |= is_sentence_break(c);
            }
            (false, None) => gap_breaks |= is_sentence_break(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(begun) = start {
        end_run(begun, text.len(), &mut previous_kept, &mut gap_breaks);
    }
}

/// The syllables of `text`, each with its lowercase and folded forms.
pub fn syllables(text: &str) -> Vec<Syllable> {
    let mut out = Vec::new();
    scan(text, |range, joined| {
        let word = &text[range.clone()];
        let mut lower = String::with_capacity(word.len());
        lower_into(word, &mut lower);
        let mut folded = String::with_capacity(word.len());
        fold_into(word, &mut folded);
        out.push(Syllable { range, lower, folded, joined });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        syllables(text).into_iter().map(|syllable| (syllable.folded, syllable.joined)).collect()
    }

    #[test]
    fn separators_and_breaks() {
        assert_eq!(
            words("Ngày 22/12/2021. Thi đua-khen thưởng!"),
            [("ngay", false), ("22", true), ("12", true), ("2021", true), ("thi", false), ("dua", true), ("khen", true), ("thuong", true)]
                .map(|(word, joined)| (word.to_string(), joined))
        );
        assert!(syllables("").is_empty());
        assert!(syllables(" .,;-/ ").is_empty());
    }

    #[test]
    fn long_runs_are_skipped_and_break_pairs() {
        let long = "x".repeat(MAX_SYLLABLE_BYTES + 1);
        assert_eq!(words(&format!("a {long} b")), [("a".to_string(), false), ("b".to_string(), false)]);
        let just = "y".repeat(MAX_SYLLABLE_BYTES);
        assert_eq!(words(&format!("a {just}")).len(), 2);
    }

    #[test]
    fn ranges_point_into_the_original() {
        let text = "«Ủy ban» nhân\u{a0}dân";
        let found = syllables(text);
        let originals: Vec<&str> = found.iter().map(|syllable| &text[syllable.range.clone()]).collect();
        assert_eq!(originals, ["Ủy", "ban", "nhân", "dân"]);
        assert_eq!(found[0].lower, "ủy");
    }
}
