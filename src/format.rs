//! Vietnamese dates and times, always in Asia/Ho_Chi_Minh (UTC+7, no DST).
//!
//! Pure: the current time is an argument, so every function tests on the host
//! and the browser's own time zone never leaks into what residents read.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike, Utc, Weekday};

/// Vietnam has used UTC+7 without daylight saving since 1975.
/// Evaluated at compile time, so a bad constant could never reach a reader.
const VIETNAM_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

pub fn vietnam_offset() -> FixedOffset {
    VIETNAM_OFFSET
}

/// Any instant, seen on a Vietnamese wall clock.
pub fn in_vietnam<Tz: TimeZone>(instant: &DateTime<Tz>) -> DateTime<FixedOffset> {
    instant.with_timezone(&vietnam_offset())
}

/// The weekday as printed on portals: "Chủ nhật", "Thứ hai" … "Thứ bảy".
pub fn vn_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Sun => "Chủ nhật",
        Weekday::Mon => "Thứ hai",
        Weekday::Tue => "Thứ ba",
        Weekday::Wed => "Thứ tư",
        Weekday::Thu => "Thứ năm",
        Weekday::Fri => "Thứ sáu",
        Weekday::Sat => "Thứ bảy",
    }
}

/// The header's date line: `Thứ năm, Ngày 20 Tháng 6 Năm 2024` (no leading zeros).
pub fn format_vn_date_line<Tz: TimeZone>(now: &DateTime<Tz>) -> String {
    let local = in_vietnam(now);
    format!(
        "{}, Ngày {} Tháng {} Năm {}",
        vn_weekday(local.weekday()),
        local.day(),
        local.month(),
        local.year()
    )
}

/// An article's time: `22/12/2021 08:03` (zero-padded, 24-hour, UTC+7).
pub fn format_vn_datetime<Tz: TimeZone>(instant: &DateTime<Tz>) -> String {
    let local = in_vietnam(instant);
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The machine-readable form for `<time datetime>`, in UTC+7.
pub fn format_iso_datetime<Tz: TimeZone>(instant: &DateTime<Tz>) -> String {
    in_vietnam(instant).to_rfc3339()
}

/// Milliseconds since the epoch (as `Date.now()` gives them) to an instant.
pub fn instant_from_millis(millis: f64) -> DateTime<Utc> {
    let millis = if millis.is_finite() { millis as i64 } else { 0 };
    Utc.timestamp_millis_opt(millis).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn check_line(instant: &str, expected: &str) {
        assert_eq!(format_vn_date_line(&utc(instant)), expected, "{instant}");
    }

    fn check_time(instant: &str, expected: &str) {
        assert_eq!(format_vn_datetime(&utc(instant)), expected, "{instant}");
    }

    #[test]
    fn date_line_every_weekday() {
        // 16–22 June 2024 is Sunday to Saturday.
        check_line("2024-06-16T12:00:00+07:00", "Chủ nhật, Ngày 16 Tháng 6 Năm 2024");
        check_line("2024-06-17T12:00:00+07:00", "Thứ hai, Ngày 17 Tháng 6 Năm 2024");
        check_line("2024-06-18T12:00:00+07:00", "Thứ ba, Ngày 18 Tháng 6 Năm 2024");
        check_line("2024-06-19T12:00:00+07:00", "Thứ tư, Ngày 19 Tháng 6 Năm 2024");
        check_line("2024-06-20T12:00:00+07:00", "Thứ năm, Ngày 20 Tháng 6 Năm 2024");
        check_line("2024-06-21T12:00:00+07:00", "Thứ sáu, Ngày 21 Tháng 6 Năm 2024");
        check_line("2024-06-22T12:00:00+07:00", "Thứ bảy, Ngày 22 Tháng 6 Năm 2024");
    }

    #[test]
    fn date_line_uses_vietnam_time_not_utc() {
        // 17:30 UTC on 31 December is already New Year's Day in Hà Nội.
        check_line("2023-12-31T17:30:00Z", "Thứ hai, Ngày 1 Tháng 1 Năm 2024");
        check_line("2023-12-31T16:59:59Z", "Chủ nhật, Ngày 31 Tháng 12 Năm 2023");
        // A browser in New York at 20:00 on the 19th is reading on the 20th in Vietnam.
        check_line("2024-06-19T20:00:00-04:00", "Thứ năm, Ngày 20 Tháng 6 Năm 2024");
    }

    #[test]
    fn date_line_month_ends_and_leap_day() {
        check_line("2024-02-29T08:00:00+07:00", "Thứ năm, Ngày 29 Tháng 2 Năm 2024");
        check_line("2024-02-29T17:00:00Z", "Thứ sáu, Ngày 1 Tháng 3 Năm 2024");
        check_line("2023-04-30T17:00:00Z", "Thứ hai, Ngày 1 Tháng 5 Năm 2023");
        check_line("2021-01-31T23:59:00+07:00", "Chủ nhật, Ngày 31 Tháng 1 Năm 2021");
    }

    #[test]
    fn article_time_is_zero_padded_24_hour_in_vietnam() {
        check_time("2021-12-22T08:03:00+07:00", "22/12/2021 08:03");
        check_time("2021-12-22T01:03:00Z", "22/12/2021 08:03");
        check_time("2021-12-31T17:05:00Z", "01/01/2022 00:05");
        check_time("2021-03-05T23:59:00+07:00", "05/03/2021 23:59");
        check_time("2021-03-05T13:00:00+07:00", "05/03/2021 13:00");
    }

    #[test]
    fn iso_form_is_in_vietnam_offset() {
        assert_eq!(format_iso_datetime(&utc("2021-12-22T01:03:00Z")), "2021-12-22T08:03:00+07:00");
    }

    #[test]
    fn millis() {
        assert_eq!(
            format_vn_datetime(&instant_from_millis(1_640_135_000_000.0)),
            "22/12/2021 08:03"
        );
        assert_eq!(instant_from_millis(f64::NAN).timestamp(), 0);
    }
}
