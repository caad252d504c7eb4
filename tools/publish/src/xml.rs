//! What the feeds and the sitemaps share: XML text that any parser reads
//! back as it was written, and dates in Vietnam's time zone. Pure.

use chrono::{DateTime, FixedOffset};

/// The XML declaration every file starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Whether XML 1.0 allows `c` in a document, leaving out the control
/// characters it merely tolerates (U+007F–U+009F): tab, line feed and
/// carriage return, and everything from U+0020 but those and U+FFFE, U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !('\u{7f}'..='\u{9f}').contains(&c) && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// `text` as XML character data or an attribute value (either quote):
/// `& < > " '` escaped, characters XML cannot carry left out, everything
/// else (Vietnamese included) as it is.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Vietnam's time zone, UTC+7 (no daylight saving time).
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// An RFC 822 date as RSS writes it, in UTC+7: `Wed, 22 Dec 2021 08:03:00 +0700`.
/// (chrono's `to_rfc2822` would panic on a year past 9999, which a CMS
/// could send in an offset that moves it there; the format never does.)
pub fn rfc822(date: &DateTime<FixedOffset>) -> String {
    date.with_timezone(&vietnam()).format("%a, %-d %b %Y %H:%M:%S %z").to_string()
}

/// A W3C date-time as sitemaps write it, in UTC+7: `2021-12-22T08:03:00+07:00`.
pub fn w3c(date: &DateTime<FixedOffset>) -> String {
    date.with_timezone(&vietnam()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cleaned() {
        assert_eq!(escape("Khen thưởng \"đột xuất\" & <b>'x'"), "Khen thưởng &quot;đột xuất&quot; &amp; &lt;b&gt;&apos;x&apos;");
        assert_eq!(escape("a\u{0}b\u{1b}c\u{7f}\u{85}d\te\nf\u{fffe}g\u{ffff}"), "abcd\te\nfg");
        assert_eq!(escape("😀 \u{e000} \u{fffd}"), "😀 \u{e000} \u{fffd}");
    }

    #[test]
    fn dates_are_written_in_vietnam_time() {
        let date = DateTime::parse_from_rfc3339("2021-12-22T01:03:00Z").unwrap();
        assert_eq!(rfc822(&date), "Wed, 22 Dec 2021 08:03:00 +0700");
        assert_eq!(w3c(&date), "2021-12-22T08:03:00+07:00");
        let late = DateTime::parse_from_rfc3339("2021-12-31T23:30:00+05:00").unwrap();
        assert_eq!(rfc822(&late), "Sat, 1 Jan 2022 01:30:00 +0700");
        assert_eq!(rfc822(&late), late.with_timezone(&vietnam()).to_rfc2822());
        let last = DateTime::parse_from_rfc3339("9999-12-31T23:00:00-05:00").unwrap();
        assert!(rfc822(&last).contains(" 1 Jan +10000 11:00:00 +0700"), "{}", rfc822(&last));
    }
}
