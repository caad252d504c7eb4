//! What the reader asked for: the query's syllables and the filters of
//! the search URL (`&chuyen-muc=`, `&tu=`, `&den=`).

use chrono::NaiveDate;

use super::tokens::syllables;

/// Syllables past this many are ignored: each one costs shard requests.
pub const MAX_QUERY_SYLLABLES: usize = 8;

/// One syllable of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySyllable {
    /// What it matches: a document syllable with this folded form (or,
    /// the last one, starting with it).
    pub folded: String,
    /// As typed, lowercase, accents kept.
    pub typed: String,
}

impl QuerySyllable {
    /// The accented form the reader typed, when they typed diacritics
    /// ("đường", not "duong"): results with exactly that form rank first.
    pub fn exact(&self) -> Option<&str> {
        (self.typed != self.folded).then_some(self.typed.as_str())
    }
}

/// A parsed query: at most [`MAX_QUERY_SYLLABLES`] syllables (the
/// evaluation's bit sets rely on it, so only [`Query::parse`] makes one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    syllables: Vec<QuerySyllable>,
    /// Whether the last syllable also matches as a prefix ("thi du" finds
    /// "thi đua"): yes unless the text ends after a separator ("thi du "
    /// asks for "du" whole).
    prefix: bool,
}

impl Query {
    /// The syllables of `text` (at most [`MAX_QUERY_SYLLABLES`]).
    pub fn parse(text: &str) -> Query {
        let found = syllables(text);
        let ends_in_word = found.last().is_some_and(|last| last.range.end == text.len());
        let truncated = found.len() > MAX_QUERY_SYLLABLES;
        let syllables: Vec<QuerySyllable> = found
            .into_iter()
            .take(MAX_QUERY_SYLLABLES)
            .map(|syllable| QuerySyllable { folded: syllable.folded, typed: syllable.lower })
            .collect();
        Query { prefix: ends_in_word && !truncated && !syllables.is_empty(), syllables }
    }

    pub fn is_empty(&self) -> bool {
        self.syllables.is_empty()
    }

    pub fn syllables(&self) -> &[QuerySyllable] {
        &self.syllables
    }

    /// Whether syllable `index` is the one matched as a prefix too.
    pub fn is_prefix(&self, index: usize) -> bool {
        self.prefix && index + 1 == self.syllables.len()
    }
}

/// The filters of a search URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A category slug (`&chuyen-muc=`).
    pub category: Option<String>,
    /// Published on or after this day, in Vietnam's time (`&tu=`).
    pub from: Option<NaiveDate>,
    /// Published on or before this day, in Vietnam's time (`&den=`).
    pub to: Option<NaiveDate>,
}

impl Filters {
    pub fn has_dates(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// `dd/mm/yyyy` as the URL carries it (`&tu=`, `&den=`); one-digit days
/// and months are accepted too. `None` when it is not a date.
pub fn parse_vn_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |part: &str, lengths: &[usize]| {
        (lengths.contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())).then(|| part.parse::<u32>().ok()).flatten()
    };
    let (day, month, year) = (digits(day, &[1, 2])?, digits(month, &[1, 2])?, digits(year, &[4])?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_typed_forms_and_prefix() {
        let query = Query::parse("  THI Đua ");
        assert_eq!(query.syllables.len(), 2);
        assert_eq!(query.syllables[0].exact(), None);
        assert_eq!(query.syllables[1].exact(), Some("đua"));
        assert!(!query.prefix, "a trailing space ends the last syllable");
        assert!(Query::parse("thi du").is_prefix(1));
        assert!(Query::parse(" - ").is_empty());
        let long = Query::parse("a b c d e f g h i j");
        assert_eq!(long.syllables.len(), MAX_QUERY_SYLLABLES);
        assert!(!long.prefix);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_vn_date("22/12/2021"), NaiveDate::from_ymd_opt(2021, 12, 22));
        assert_eq!(parse_vn_date("1/2/2021"), NaiveDate::from_ymd_opt(2021, 2, 1));
        for bad in ["", "31/02/2021", "2021-12-22", "22/12/21", "22/12/2021/1", "+1/12/2021", "aa/bb/cccc", "22/13/2021"] {
            assert_eq!(parse_vn_date(bad), None, "{bad}");
        }
    }
}
