//! Slugs from Vietnamese titles, times.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Timelike};

/// The base letter of a Vietnamese letter with its diacritics removed.
fn fold(c: char) -> Option<char> {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵ", 'a'),
        ("èéẹẻẽêềếệểễ", 'e'),
        ("ìíịỉĩ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡ", 'o'),
        ("ùúụủũưừứựửữ", 'u'),
        ("ỳýỵỷỹ", 'y'),
        ("đ", 'd'),
    ];
    if c.is_ascii_alphanumeric() {
        return Some(c.to_ascii_lowercase());
    }
    let lower = c.to_lowercase().next()?;
    GROUPS.iter().find(|(letters, _)| letters.contains(lower)).map(|(_, base)| *base)
}

/// The slug of a title: ASCII words joined by `-`, at most `max_words` words.
///
/// `"Hội nghị tổng kết năm 2021"` gives `"hoi-nghi-tong-ket-nam-2021"`.
pub fn slugify(title: &str, max_words: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in title.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // a combining mark of a decomposed letter
        }
        match fold(c) {
            Some(base) => current.push(base),
            None => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.truncate(max_words);
    words.join("-")
}

/// A time in Vietnam on `date` (`YYYY-MM-DD`) at `hour:minute`.
pub fn vn_time(date: &str, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad date {date}"));
    let naive = day.and_hms_opt(hour, minute, 0).expect("a valid time");
    crate::format::vietnam_offset().from_local_datetime(&naive).single().expect("a fixed offset is never ambiguous")
}

/// A later time in business hours (07:30–17:30), `minutes` after `time`,
/// moved to the next morning when it would fall after hours.
pub fn later_in_business_hours(time: DateTime<FixedOffset>, minutes: i64) -> DateTime<FixedOffset> {
    let later = time + Duration::minutes(minutes);
    let minute_of_day = later.hour() * 60 + later.minute();
    if later.date_naive() == time.date_naive() && minute_of_day <= 17 * 60 + 30 {
        later
    } else {
        let next = time.date_naive().succ_opt().expect("a next day");
        let naive = next.and_hms_opt(8, (minutes % 50) as u32, 0).expect("a valid time");
        crate::format::vietnam_offset().from_local_datetime(&naive).single().expect("fixed offset")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_vietnamese() {
        assert_eq!(
            slugify("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021", 20),
            "hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021"
        );
        assert_eq!(
            slugify("Thông báo \"Lịch tiếp công dân\" tháng 7 & 8: hỏi – đáp 100%?", 20),
            "thong-bao-lich-tiep-cong-dan-thang-7-8-hoi-dap-100"
        );
        assert_eq!(slugify("ĐƯỜNG Đồi Thông", 20), "duong-doi-thong");
        assert_eq!(slugify("Quy hoạch - Đô thị", 20), "quy-hoach-do-thi");
        assert_eq!(slugify("a b c d", 2), "a-b");
        // Decomposed (NFD) input gives the same slug.
        assert_eq!(slugify("Ho\u{302}\u{300}i", 5), "hoi");
    }

    #[test]
    fn times() {
        assert_eq!(vn_time("2021-12-22", 8, 3).to_rfc3339(), "2021-12-22T08:03:00+07:00");
        let late = later_in_business_hours(vn_time("2021-12-22", 17, 0), 90);
        assert_eq!(late.date_naive().to_string(), "2021-12-23");
    }
}
