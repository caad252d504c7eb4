//! Folding: what makes "thi dua", "THI ĐUA" and "thi đua" the same key.
//!
//! Owns the Vietnamese letter table (12 vowels × 6 tones, both cases, and
//! đ/Đ), [`fold`] (lowercase, tones and vowel marks removed, đ → d,
//! combining marks dropped) and [`lower`] (lowercase with the accents
//! kept, decomposed Vietnamese letters composed), the accented form that
//! ranking compares with what the reader typed.
//!
//! A table rather than Unicode decomposition: NFD leaves `đ` whole, and
//! the wasm should not carry normalisation tables for all of Unicode.

use std::sync::OnceLock;

/// The 12 Vietnamese vowels, each with its 6 tones (ngang, huyền, sắc,
/// hỏi, ngã, nặng), lowercase then uppercase, and the ASCII letter it
/// folds to.
const VOWELS: [(char, [char; 6], [char; 6]); 12] = [
    ('a', ['a', 'à', 'á', 'ả', 'ã', 'ạ'], ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ']),
    ('a', ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'], ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ']),
    ('a', ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'], ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ']),
    ('e', ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'], ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ']),
    ('e', ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'], ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ']),
    ('i', ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'], ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị']),
    ('o', ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'], ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ']),
    ('o', ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'], ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ']),
    ('o', ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'], ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ']),
    ('u', ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'], ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ']),
    ('u', ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'], ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự']),
    ('y', ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'], ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ']),
];

/// Indexes into [`VOWELS`] that the vowel marks lead to.
const A: usize = 0;
const A_BREVE: usize = 1;
const A_CIRCUMFLEX: usize = 2;
const E: usize = 3;
const E_CIRCUMFLEX: usize = 4;
const O: usize = 6;
const O_CIRCUMFLEX: usize = 7;
const O_HORN: usize = 8;
const U: usize = 9;
const U_HORN: usize = 10;

/// A Vietnamese vowel letter: which of [`VOWELS`], which tone, which case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Letter {
    vowel: usize,
    tone: usize,
    upper: bool,
}

impl Letter {
    fn char(self) -> char {
        let (_, lower, upper) = VOWELS[self.vowel];
        if self.upper {
            upper[self.tone]
        } else {
            lower[self.tone]
        }
    }
}

/// Every letter of [`VOWELS`] by its character, sorted for a binary
/// search (built once: folding runs over every syllable of 100 000
/// articles when the index is built).
fn letters() -> &'static [(char, Letter)] {
    static TABLE: OnceLock<Vec<(char, Letter)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::with_capacity(VOWELS.len() * 12);
        for (vowel, (_, lower, upper)) in VOWELS.iter().enumerate() {
            for tone in 0..6 {
                table.push((lower[tone], Letter { vowel, tone, upper: false }));
                table.push((upper[tone], Letter { vowel, tone, upper: true }));
            }
        }
        table.sort_by_key(|(c, _)| *c);
        table
    })
}

fn letter(c: char) -> Option<Letter> {
    let table = letters();
    table.binary_search_by_key(&c, |(c, _)| *c).ok().map(|at| table[at].1)
}

/// Whether `c` is a combining diacritical mark (U+0300–U+036F): part of
/// the syllable it follows, dropped by folding.
pub fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The folded form of one character, pushed onto `out`: lowercase, no
/// tone, no vowel mark, đ → d, combining marks dropped.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(letter) = letter(c) {
        out.push(VOWELS[letter.vowel].0);
        return;
    }
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    for lower in c.to_lowercase() {
        if is_combining_mark(lower) {
            continue;
        }
        match letter(lower) {
            Some(letter) => out.push(VOWELS[letter.vowel].0),
            None if lower == 'đ' => out.push('d'),
            None => out.push(lower),
        }
    }
}

/// `text` folded, appended to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        fold_char_into(c, out);
    }
}

/// `text` folded: "Thi đua-Khen THƯỞNG" → "thi dua-khen thuong".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// What a combining mark does to a Vietnamese vowel: sets a tone, or
/// adds a vowel mark (breve, circumflex, horn).
fn apply_mark(letter: Letter, mark: char) -> Option<Letter> {
    let tone = match mark {
        '\u{300}' | '\u{340}' => Some(1),
        '\u{301}' | '\u{341}' => Some(2),
        '\u{309}' => Some(3),
        '\u{303}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    };
    if let Some(tone) = tone {
        return (letter.tone == 0).then_some(Letter { tone, ..letter });
    }
    let vowel = match (mark, letter.vowel) {
        ('\u{306}', A) => A_BREVE,
        ('\u{302}', A) => A_CIRCUMFLEX,
        ('\u{302}', E) => E_CIRCUMFLEX,
        ('\u{302}', O) => O_CIRCUMFLEX,
        ('\u{31b}', O) => O_HORN,
        ('\u{31b}', U) => U_HORN,
        _ => return None,
    };
    Some(Letter { vowel, ..letter })
}

/// `text` lowercased with its accents, appended to `out`; a Vietnamese
/// vowel followed by combining marks (a decomposed input: "đươ\u{300}ng")
/// is composed ("đường"), so both spellings give one accented form.
pub fn lower_into(text: &str, out: &mut String) {
    let start = out.len();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            if is_combining_mark(lower) && out.len() > start {
                let composed = out[start..].chars().next_back().and_then(letter).and_then(|last| apply_mark(last, lower));
                if let Some(composed) = composed {
                    out.pop();
                    out.push(composed.char());
                    continue;
                }
            }
            out.push(lower);
        }
    }
}

/// `text` lowercased with its accents ([`lower_into`]).
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lower_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_letter_once() {
        let table = letters();
        assert_eq!(table.len(), 144);
        assert!(table.windows(2).all(|pair| pair[0].0 < pair[1].0), "a letter twice");
    }

    #[test]
    fn folding_examples() {
        assert_eq!(fold("Thi đua-Khen THƯỞNG"), "thi dua-khen thuong");
        assert_eq!(fold("ĐƯỜNG"), "duong");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
        assert_eq!(fold("đươ\u{300}ng"), "duong");
        assert_eq!(fold("22/12/2021"), "22/12/2021");
        assert_eq!(fold("Straße ÇA"), "straße ça");
    }

    #[test]
    fn lower_keeps_accents_and_composes() {
        assert_eq!(lower("ĐƯỜNG"), "đường");
        assert_eq!(lower("đươ\u{300}ng"), "đường");
        assert_eq!(lower("o\u{31b}\u{300}"), "ờ");
        assert_eq!(lower("a\u{302}\u{301}"), "ấ");
        // A mark that composes with nothing stays.
        assert_eq!(lower("b\u{301}"), "b\u{301}");
        assert_eq!(lower("\u{301}a"), "\u{301}a");
        assert_eq!(lower("á\u{300}"), "á\u{300}");
    }
}
