//! Which parts of a result's title and lead to mark: the syllables that
//! match the query, as the ORIGINAL text spells them (with its accents and
//! case); the folded copy is only compared, never shown.

use super::query::Query;
use super::tokens::syllables;

/// `text` cut into segments, each with whether it is a match of `query`
/// (a syllable whose folded form is a query syllable's, or, for the last
/// query syllable, starts with it). The segments put together are `text`.
pub fn highlight(text: &str, query: &Query) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut plain_from = 0;
    for syllable in syllables(text) {
        let matches = query.syllables().iter().enumerate().any(|(index, wanted)| {
            syllable.folded == wanted.folded || (query.is_prefix(index) && syllable.folded.starts_with(&wanted.folded))
        });
        if !matches {
            continue;
        }
        if plain_from < syllable.range.start {
            out.push((text[plain_from..syllable.range.start].to_string(), false));
        }
        out.push((text[syllable.range.clone()].to_string(), true));
        plain_from = syllable.range.end;
    }
    if plain_from < text.len() {
        out.push((text[plain_from..].to_string(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_original_spelling() {
        let query = Query::parse("thi du");
        let segments = highlight("Hội nghị Thi đua-khen thưởng: THI ĐUA yêu nước", &query);
        let marked: Vec<&str> = segments.iter().filter(|(_, marked)| *marked).map(|(text, _)| text.as_str()).collect();
        assert_eq!(marked, ["Thi", "đua", "THI", "ĐUA"]);
        let joined: String = segments.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(joined, "Hội nghị Thi đua-khen thưởng: THI ĐUA yêu nước");
        assert!(highlight("", &query).is_empty());
        assert_eq!(highlight("abc", &Query::parse("")), [("abc".to_string(), false)]);
    }
}
