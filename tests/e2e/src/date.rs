//! The header's date line, computed independently of the app (no chrono).

use std::time::{SystemTime, UNIX_EPOCH};

/// Vietnam is UTC+7 all year (no daylight saving time).
pub const VN_OFFSET_SECS: i64 = 7 * 3600;

/// `Thứ năm, Ngày 20 Tháng 6 Năm 2024` for the given Unix time, in UTC+7.
pub fn vietnamese_date_line(unix_secs: i64) -> String {
    let local = unix_secs + VN_OFFSET_SECS;
    let days = local.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday; 0 = Sunday.
    let weekday = (days + 4).rem_euclid(7);
    let name = match weekday {
        0 => "Chủ nhật",
        1 => "Thứ hai",
        2 => "Thứ ba",
        3 => "Thứ tư",
        4 => "Thứ năm",
        5 => "Thứ sáu",
        _ => "Thứ bảy",
    };
    format!("{name}, Ngày {day} Tháng {month} Năm {year}")
}

/// [`vietnamese_date_line`] for now.
pub fn vietnamese_date_line_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock before 1970")
        .as_secs() as i64;
    vietnamese_date_line(secs)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        // 2024-06-20T05:00:00Z = 12:00 in Hà Nội, a Thursday.
        assert_eq!(
            vietnamese_date_line(1_718_859_600),
            "Thứ năm, Ngày 20 Tháng 6 Năm 2024"
        );
        // 2023-12-31T17:30:00Z is already 1 January 2024 (Monday) in UTC+7.
        assert_eq!(
            vietnamese_date_line(1_704_043_800),
            "Thứ hai, Ngày 1 Tháng 1 Năm 2024"
        );
        // 2023-12-31T16:59:59Z is still Sunday 31 December.
        assert_eq!(
            vietnamese_date_line(1_704_041_999),
            "Chủ nhật, Ngày 31 Tháng 12 Năm 2023"
        );
        assert_eq!(vietnamese_date_line(0), "Thứ năm, Ngày 1 Tháng 1 Năm 1970");
    }
}
