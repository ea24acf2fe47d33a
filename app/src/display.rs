//! Text shown identically by the server and the browser.
//!
//! Dates read the GOV.UK way ("2 December 2025") and times are the UK's
//! clock (Europe/London: GMT, or BST in summer), computed here rather than
//! from a time-zone database so the browser bundle stays small.

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// (year, month 1–12, day) of a day number counted from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The day number (from 1970-01-01) of a calendar date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of the last Sunday of a month (1970-01-01 was a Thursday).
fn last_sunday(y: i64, m: i64) -> i64 {
    let first_of_next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let last = first_of_next - 1;
    last - (last + 4).rem_euclid(7)
}

/// Whether the UK is on British Summer Time at `epoch`: from 01:00 UTC on the
/// last Sunday of March to 01:00 UTC on the last Sunday of October.
fn is_bst(epoch: i64) -> bool {
    let (y, _, _) = civil_from_days(epoch.div_euclid(86_400));
    let starts = last_sunday(y, 3) * 86_400 + 3_600;
    let ends = last_sunday(y, 10) * 86_400 + 3_600;
    (starts..ends).contains(&epoch)
}

/// Epoch seconds as `YYYY-MM-DD HH:MM UTC`: the same text on server and browser.
pub fn utc_text(epoch: i64) -> String {
    let (y, m, d) = civil_from_days(epoch.div_euclid(86_400));
    let secs = epoch.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// Epoch seconds on the UK clock: "2 December 2025, 3:04pm" (GMT or BST).
pub fn london_time(epoch: i64) -> String {
    let local = epoch + if is_bst(epoch) { 3_600 } else { 0 };
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let (h, min) = (secs / 3600, (secs % 3600) / 60);
    let (h12, half) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    format!("{d} {} {y}, {h12}:{min:02}{half}", MONTHS[(m - 1) as usize])
}

/// The UK calendar day of epoch seconds: "3 March 2026".
pub fn day_of(epoch: i64) -> String {
    let local = epoch + if is_bst(epoch) { 3_600 } else { 0 };
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// A stored `YYYY-MM-DD` date as "2 December 2025"; None if it is not one.
pub fn long_date(iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, usize, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let month = MONTHS.get(m.checked_sub(1)?)?;
    (1..=31).contains(&d).then(|| format!("{d} {month} {y}"))
}

/// A stored value as shown to people: `YYYY-MM-DD` dates read as
/// "2 December 2025", anything else as it is.
/// A stored "yes"/"no" as shown: "Yes"/"No" (RULES §5.2).
pub fn yes_no(v: &str) -> String {
    match v {
        "yes" => "Yes".to_string(),
        "no" => "No".to_string(),
        other => other.to_string(),
    }
}

pub fn shown(value: &str) -> String {
    long_date(value).unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_gov_uk_way() {
        assert_eq!(long_date("2025-12-02").as_deref(), Some("2 December 2025"));
        assert_eq!(long_date("2026-03-03").as_deref(), Some("3 March 2026"));
        assert_eq!(long_date("2026-13-01"), None);
        assert_eq!(long_date("Leeds"), None);
        assert_eq!(long_date(""), None);
    }

    #[test]
    fn times_follow_the_uk_clock_across_both_changes() {
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let at = |y: i64, m: i64, d: i64, h: i64, min: i64| {
            days_from_civil(y, m, d) * 86_400 + h * 3_600 + min * 60
        };
        assert_eq!(
            london_time(at(2026, 1, 15, 15, 4)),
            "15 January 2026, 3:04pm"
        );
        assert_eq!(
            london_time(at(2026, 3, 29, 0, 59)),
            "29 March 2026, 12:59am"
        );
        assert_eq!(london_time(at(2026, 3, 29, 1, 0)), "29 March 2026, 2:00am");
        assert_eq!(london_time(at(2026, 7, 1, 11, 30)), "1 July 2026, 12:30pm");
        assert_eq!(
            london_time(at(2026, 10, 25, 0, 59)),
            "25 October 2026, 1:59am"
        );
        assert_eq!(
            london_time(at(2026, 10, 25, 1, 0)),
            "25 October 2026, 1:00am"
        );
        assert_eq!(
            london_time(at(2025, 12, 31, 23, 59)),
            "31 December 2025, 11:59pm"
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-1000, 0, 59, 60, 10_957, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(last_sunday(2026, 3), days_from_civil(2026, 3, 29));
        assert_eq!(last_sunday(2026, 10), days_from_civil(2026, 10, 25));
    }
}
